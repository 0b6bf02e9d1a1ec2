package org.slmcluster.runtime.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.suite.TaskKind;

/** Scored items of two models on three tasks, with varied scores, latencies and flags. */
final class ReportFixtures {

    static final String SUITE = "fixture";
    /** A model name that must come out escaped everywhere. */
    static final String NASTY_MODEL = "<b>m&\"2\"</b>,x";

    static final List<String> TASKS = List.of("translation", "classification", "generation");

    private ReportFixtures() {}

    static Map<String, List<ScoredItem>> items() {
        Map<String, List<ScoredItem>> byModel = new LinkedHashMap<>();
        byModel.put("alpha", itemsOf("alpha", 0));
        byModel.put(NASTY_MODEL, itemsOf(NASTY_MODEL, 1));
        return byModel;
    }

    private static List<ScoredItem> itemsOf(String model, int variant) {
        List<ScoredItem> items = new ArrayList<>();
        String[] classes = {"billing", "technical", "account"};
        for (int i = 0; i < 6; i++) {
            double chrf = 20 + 7 * i + 11 * variant;
            Set<AdherenceFlag> flags = i % 3 == variant ? EnumSet.of(AdherenceFlag.EXTRA_CONTENT) : Set.of();
            items.add(item(
                    model,
                    TaskKind.TRANSLATION,
                    "translation",
                    "t" + i,
                    Map.of("chrf++", chrf, "bleu", chrf / 2),
                    flags,
                    Map.of(),
                    100 + 37 * i + 50 * variant,
                    10 + i));
            String gold = classes[i % 3];
            String predicted = (i + variant) % 2 == 0 ? gold : (i == 5 ? "none" : classes[(i + 1) % 3]);
            Set<AdherenceFlag> classFlags =
                    predicted.equals("none") ? EnumSet.of(AdherenceFlag.INVALID_LABEL) : Set.of();
            items.add(item(
                    model,
                    TaskKind.CLASSIFICATION,
                    "classification",
                    "c" + i,
                    Map.of("accuracy", predicted.equals(gold) ? 1.0 : 0.0),
                    classFlags,
                    Map.of("classes", "billing,technical,account", "predicted", predicted, "gold", gold),
                    40 + 3 * i + 10 * variant,
                    2));
            items.add(item(
                    model,
                    TaskKind.GENERATION,
                    "generation",
                    "g" + i,
                    Map.of(),
                    i == 2 ? EnumSet.of(AdherenceFlag.PROMPT_ECHO, AdherenceFlag.EXTRA_CONTENT) : Set.of(),
                    Map.of(),
                    300 + 11 * i,
                    30 + variant));
        }
        return items;
    }

    private static ScoredItem item(
            String model,
            TaskKind kind,
            String task,
            String id,
            Map<String, Double> scores,
            Set<AdherenceFlag> flags,
            Map<String, String> details,
            long latencyMillis,
            int outputTokens) {
        return new ScoredItem(
                new TaskKey(SUITE, task, id, 42),
                model,
                kind,
                "hash-" + id,
                "answer <" + id + "> & more",
                scores,
                flags,
                details,
                latencyMillis * 1_000_000L,
                20,
                outputTokens,
                outputTokens * 1000.0 / latencyMillis,
                "length",
                "00",
                2,
                false,
                List.of(),
                0L);
    }

    static RunManifest manifest(String jobId, List<String> models) {
        Map<String, RunManifest.ModelEntry> entries = new LinkedHashMap<>();
        models.forEach(m -> entries.put(
                m,
                new RunManifest.ModelEntry(
                        "llama-cpp", "no-such-file-" + entries.size() + ".gguf", "ab".repeat(32), null, null)));
        Map<String, Map<String, Object>> generation = new LinkedHashMap<>();
        for (String task : TASKS) {
            generation.put(task, Map.of("seeds", List.of(42L), "max-tokens", 32, "system-prompt", "Be <brief>"));
        }
        return new RunManifest(
                jobId,
                SUITE,
                "cd".repeat(32),
                Map.of("suite.conf", "ef".repeat(32)),
                Map.of("translation", Map.of("translation.jsonl", "01".repeat(32))),
                entries,
                List.of(),
                "23".repeat(32),
                generation,
                "dev",
                new RunManifest.Topology(2, 2, "root"),
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:01:00Z",
                "COMPLETED");
    }

    static JobReport report() {
        Map<String, List<ScoredItem>> items = items();
        return JobReport.of("job-1", Optional.of(manifest("job-1", new ArrayList<>(items.keySet()))), TASKS, items);
    }
}
