package org.slmcluster.runtime.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.runtime.ledger.LedgerViews;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * What a report shows of one job: the ledger views of its models on its tasks (only the items of the
 * job's suite, tasks and seeds, so other jobs sharing a model's ledger do not leak in), one efficiency
 * summary per model, and the run manifest.
 *
 * @param models   the job's models, in the job's order
 * @param tasks    the job's task ids, in suite order
 * @param views    one view per model and task that has recorded items, tasks outermost
 * @param summaries model -> efficiency over all its items of the job
 * @param judgeFailures task -> model -> judge metric -> items whose verdict failed (no {@code ragas-<metric>}
 *                      score, so that mean rests on fewer items); only tasks, models and metrics with failures
 */
public record JobReport(
        String jobId,
        Optional<RunManifest> manifest,
        List<String> models,
        List<String> tasks,
        List<TaskView> views,
        Map<String, ModelSummary> summaries,
        Map<String, Map<String, Map<String, Integer>>> judgeFailures) {

    /**
     * @param sizeBytes size of the model's weights file when found on this machine (empty for remote models
     *                  or weights that live on other devices)
     */
    public record ModelSummary(
            String model,
            int items,
            double meanTokensPerSecond,
            double latencyP50Millis,
            double latencyP95Millis,
            OptionalLong sizeBytes) {}

    public JobReport {
        models = List.copyOf(models);
        tasks = List.copyOf(tasks);
        views = List.copyOf(views);
        summaries = Map.copyOf(summaries);
        judgeFailures = Map.copyOf(judgeFailures);
    }

    /** model -> judge metric -> failed verdicts on one task (models in the job's order, metrics sorted). */
    public Map<String, Map<String, Integer>> judgeFailuresOf(String task) {
        return judgeFailures.getOrDefault(task, Map.of());
    }

    /**
     * Why the task's optional judge did not judge in this job (the manifest's {@code judge.skipped}, e.g.
     * "task rag: judge model X is not placed: correct not computed"); empty when it judged or there is none.
     */
    public Optional<String> skippedJudgeOf(String task) {
        return manifest.map(m -> m.generation().get(task))
                .map(parameters -> parameters.get("judge"))
                .filter(Map.class::isInstance)
                .map(judge -> ((Map<?, ?>) judge).get("skipped"))
                .map(String::valueOf);
    }

    public Optional<TaskView> view(String model, String task) {
        return views.stream()
                .filter(v -> v.model().equals(model) && v.task().equals(task))
                .findFirst();
    }

    /** The views of one task, in model order. */
    public List<TaskView> viewsOf(String task) {
        return views.stream().filter(v -> v.task().equals(task)).toList();
    }

    /** {@code <data>/jobs/<id>}: where the job manager keeps a job's record and manifest. */
    public static Path jobDirectory(Path dataDir, String jobId) {
        return dataDir.resolve("jobs").resolve(jobId);
    }

    /** {@code <data>/jobs/<id>/report}. */
    public static Path defaultReportDirectory(Path dataDir, String jobId) {
        return jobDirectory(dataDir, jobId).resolve("report");
    }

    /**
     * Reads the job's manifest from {@code <data>/jobs/<id>/manifest.json} and its items from the ledgers.
     *
     * @throws IllegalArgumentException no manifest for the job
     */
    public static JobReport collect(Path dataDir, String jobId, Ledgers ledgers) {
        RunManifest manifest = readManifest(dataDir, jobId);
        Map<String, List<ScoredItem>> itemsByModel = new LinkedHashMap<>();
        List<String> models = new ArrayList<>(manifest.models().keySet());
        Map<String, Set<Long>> seeds = taskSeeds(manifest);
        for (String model : models) {
            List<ScoredItem> items = ledgers.items(model).stream()
                    .filter(item -> item.key().suite().equals(manifest.suite()))
                    .filter(item -> seeds.containsKey(item.task())
                            && (seeds.get(item.task()).isEmpty()
                                    || seeds.get(item.task())
                                            .contains(item.key().seed())))
                    .toList();
            itemsByModel.put(model, items);
        }
        return of(jobId, Optional.of(manifest), suiteOrder(dataDir, jobId, manifest), itemsByModel);
    }

    /**
     * The job's tasks in the order of its suite when the suite folder (named in {@code job.json}) is still
     * there unchanged; else in the manifest's (alphabetical) order.
     */
    private static List<String> suiteOrder(Path dataDir, String jobId, RunManifest manifest) {
        List<String> alphabetical = new ArrayList<>(manifest.generation().keySet());
        Path record = jobDirectory(dataDir, jobId).resolve("job.json");
        try {
            String folder = LedgerJson.mapper()
                    .readTree(record.toFile())
                    .path("suiteDirectory")
                    .asText("");
            if (folder.isEmpty() || !Files.isDirectory(Path.of(folder))) {
                return alphabetical;
            }
            Suite suite = SuiteLoader.load(Path.of(folder));
            if (!suite.contentHash().equals(manifest.suiteHash())) {
                return alphabetical;
            }
            List<String> ordered = new ArrayList<>(suite.tasks().stream()
                    .map(TaskDefinition::id)
                    .filter(alphabetical::contains)
                    .toList());
            alphabetical.stream().filter(task -> !ordered.contains(task)).forEach(ordered::add);
            return ordered;
        } catch (IOException | SuiteException | RuntimeException e) {
            return alphabetical;
        }
    }

    /** Builds a report from items (tests, and callers holding items already). */
    public static JobReport of(
            String jobId,
            Optional<RunManifest> manifest,
            List<String> tasks,
            Map<String, List<ScoredItem>> itemsByModel) {
        LinkedHashSet<String> taskOrder = new LinkedHashSet<>(tasks);
        itemsByModel.values().forEach(items -> items.forEach(item -> taskOrder.add(item.task())));
        List<TaskView> views = new ArrayList<>();
        for (String task : taskOrder) {
            for (Map.Entry<String, List<ScoredItem>> entry : itemsByModel.entrySet()) {
                List<ScoredItem> items = entry.getValue().stream()
                        .filter(item -> item.task().equals(task))
                        .toList();
                if (!items.isEmpty()) {
                    views.add(LedgerViews.taskView(entry.getKey(), task, items));
                }
            }
        }
        Map<String, Map<String, Map<String, Integer>>> judgeFailures = new LinkedHashMap<>();
        itemsByModel.forEach((model, items) -> items.stream()
                .filter(item -> !RagJudging.failedMetrics(item.details()).isEmpty())
                .forEach(item -> RagJudging.countFailures(
                        judgeFailures.computeIfAbsent(item.task(), t -> new LinkedHashMap<>()),
                        model,
                        item.details())));
        Map<String, ModelSummary> summaries = new LinkedHashMap<>();
        itemsByModel.forEach((model, items) -> summaries.put(model, summary(model, items, sizeOf(manifest, model))));
        return new JobReport(
                jobId,
                manifest,
                new ArrayList<>(itemsByModel.keySet()),
                new ArrayList<>(taskOrder),
                views,
                summaries,
                judgeFailures);
    }

    static ModelSummary summary(String model, Collection<ScoredItem> items, OptionalLong size) {
        double[] latencies =
                items.stream().mapToDouble(ScoredItem::latencyMillis).sorted().toArray();
        return new ModelSummary(
                model,
                items.size(),
                items.stream()
                        .mapToDouble(ScoredItem::tokensPerSecond)
                        .average()
                        .orElse(0),
                LedgerViews.nearestRank(latencies, 0.50),
                LedgerViews.nearestRank(latencies, 0.95),
                size);
    }

    private static OptionalLong sizeOf(Optional<RunManifest> manifest, String model) {
        Optional<RunManifest.ModelEntry> entry = manifest.map(m -> m.models().get(model));
        if (entry.isEmpty() || entry.get().file() == null) {
            return OptionalLong.empty();
        }
        for (Path candidate : ModelFiles.candidates(entry.get().file(), ModelFiles.searchPath())) {
            try {
                if (Files.isRegularFile(candidate)) {
                    return OptionalLong.of(Files.size(candidate));
                }
            } catch (IOException e) {
                // unreadable: no size
            }
        }
        return OptionalLong.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<Long>> taskSeeds(RunManifest manifest) {
        Map<String, Set<Long>> seeds = new LinkedHashMap<>();
        manifest.generation().forEach((task, parameters) -> {
            Set<Long> values = new LinkedHashSet<>();
            Object listed = parameters.get("seeds");
            if (listed instanceof List<?> list) {
                list.forEach(seed -> values.add(((Number) seed).longValue()));
            }
            seeds.put(task, values);
        });
        return seeds;
    }

    static RunManifest readManifest(Path dataDir, String jobId) {
        Path file = jobDirectory(dataDir, jobId).resolve(RunManifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no job '" + jobId + "' under " + dataDir.resolve("jobs") + " (no " + RunManifest.FILE + ")");
        }
        try {
            return LedgerJson.mapper().readValue(file.toFile(), RunManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
