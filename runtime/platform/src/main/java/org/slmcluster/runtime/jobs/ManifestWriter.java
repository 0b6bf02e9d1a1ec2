package org.slmcluster.runtime.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slmcluster.runtime.digest.Sha256;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Writes a job's manifest to its {@link JobJournal} ({@code jobs/<id>/manifest.json}): what a run of a job used (model weights, suite and dataset
 * hashes, the hash of every prompt, generation settings, code version, topology), so that a result can be
 * traced to its inputs. Written when a run starts and again when it ends.
 */
final class ManifestWriter {

    private final JobJournal journal;
    private final ModelWeights weights;
    private final RunManifest.Topology topology;

    ManifestWriter(JobJournal journal, ModelWeights weights, RunManifest.Topology topology) {
        this.journal = journal;
        this.weights = weights;
        this.topology = topology;
    }

    void write(RunningJob run) {
        JobRecord record = run.record();
        Map<String, RunManifest.ModelEntry> models = new LinkedHashMap<>();
        for (String model : record.models()) {
            ModelSpec spec = weights.spec(model);
            boolean remote = spec.engine() == EngineKind.OPENAI;
            models.put(
                    model,
                    new RunManifest.ModelEntry(
                            spec.engine().configName(),
                            spec.file(),
                            weights.hash(model),
                            remote ? spec.remoteModel() : null,
                            spec.baseUrl()));
        }
        Map<String, Map<String, String>> datasets = new LinkedHashMap<>();
        Map<String, Map<String, Object>> generation = new LinkedHashMap<>();
        for (TaskDefinition task : run.plan.suite().tasks()) {
            datasets.put(task.id(), task.datasetHashes());
            generation.put(
                    task.id(),
                    generationOf(task, record, run.plan.skippedJudges().get(task.id())));
        }
        StringBuilder prompts = new StringBuilder();
        run.plan.units().stream()
                .filter(unit -> unit.model().equals(record.models().get(0)))
                .map(unit -> unit.key().id() + "\t" + unit.prompt().sha256() + "\n")
                .sorted()
                .forEach(prompts::append);
        String endedAt = run.endedAt() == null ? null : run.endedAt().toString();
        RunManifest manifest = new RunManifest(
                record.id(),
                run.plan.suite().name(),
                run.plan.suite().contentHash(),
                run.plan.suite().fileHashes(),
                datasets,
                models,
                record.seeds(),
                Sha256.hex(prompts.toString()),
                generation,
                codeVersion(),
                topology,
                run.progress.startedAt().toString(),
                endedAt,
                run.state().name());
        journal.writeManifest(manifest);
    }

    /** @param skippedJudge why the task's optional judge did not judge in this job (null: it did, or none) */
    private static Map<String, Object> generationOf(TaskDefinition task, JobRecord record, String skippedJudge) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("system-prompt", task.generation().systemPrompt());
        parameters.put("seeds", record.taskSeeds().get(task.id()));
        parameters.put("temperature", task.generation().temperature());
        parameters.put("top-p", task.generation().topP());
        parameters.put("context-size", task.generation().contextSize());
        parameters.put("max-tokens", task.generation().maxTokens());
        parameters.put("stop", task.generation().stop());
        parameters.put(
                "metrics", task.metrics().stream().map(m -> m.configName()).toList());
        task.ragJudge().ifPresent(judge -> {
            Map<String, Object> judged = new LinkedHashMap<>();
            judged.put("model", judge.model());
            judged.put("metrics", judge.metrics());
            judged.put("attempts", judge.attempts());
            judged.put("max-tokens", judge.maxTokens());
            judged.put("temperature", judge.temperature());
            if (judge.optional()) {
                // only written when set, so manifests of required judges stay as they were
                judged.put("optional", true);
            }
            if (skippedJudge != null) {
                judged.put("skipped", skippedJudge);
            }
            parameters.put("judge", judged);
        });
        return parameters;
    }

    private static String codeVersion() {
        String version = ManifestWriter.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
