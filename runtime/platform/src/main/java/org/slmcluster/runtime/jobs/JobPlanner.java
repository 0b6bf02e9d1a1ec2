package org.slmcluster.runtime.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.Metric;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RagJudgeDefinition;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;

/**
 * Turns a loaded suite and a list of models into a {@link JobPlan}: refuses unknown models and judges a job
 * could not run, builds each item's prompt once (RAG context from the retriever) and expands it over seeds
 * and models, items outermost so every model advances together.
 */
final class JobPlanner {

    private final Map<String, ModelSpec> catalogue;
    private final ContextRetriever retriever;
    private final EvaluationOptions evaluation;

    JobPlanner(Map<String, ModelSpec> catalogue, ContextRetriever retriever, EvaluationOptions evaluation) {
        // not copied: the catalogue may be a live view (models added to the coordinator's store)
        this.catalogue = Collections.unmodifiableMap(catalogue);
        this.retriever = retriever;
        this.evaluation = evaluation;
    }

    /**
     * @param seeds the job's seeds (empty: each task's own)
     * @throws IllegalArgumentException a model or a judge is unknown, or a judge's metrics need an encoder
     *                                  this manager does not have
     */
    JobPlan plan(Suite suite, List<String> models, List<Long> seeds) {
        checkModels(models);
        checkMetrics(suite);
        Map<String, String> skippedJudges = checkJudges(suite);
        Map<String, List<Long>> taskSeeds = new LinkedHashMap<>();
        suite.tasks().forEach(task -> taskSeeds.put(task.id(), seedsOf(task, seeds)));
        List<WorkUnit> units = new ArrayList<>();
        for (TaskDefinition suiteTask : suite.tasks()) {
            TaskDefinition task = skippedJudges.containsKey(suiteTask.id()) ? suiteTask.withoutJudge() : suiteTask;
            for (TaskItem item : task.items()) {
                RenderedPrompt prompt;
                List<String> retrievedIds = List.of();
                if (item instanceof RagItem rag) {
                    List<ContextChunk> context = retriever.retrieve(task, rag);
                    retrievedIds = context.stream().map(ContextChunk::id).toList();
                    prompt = PromptBuilder.build(task, rag, context);
                } else {
                    prompt = PromptBuilder.build(task, item);
                }
                for (long seed : taskSeeds.get(task.id())) {
                    GenerationParameters parameters =
                            task.generation().withSeed(seed).toParameters();
                    TaskKey key = new TaskKey(suite.name(), task.id(), item.id(), seed);
                    for (String model : models) {
                        units.add(new WorkUnit(
                                model,
                                task,
                                item,
                                key,
                                prompt,
                                retrievedIds,
                                parameters,
                                task.generation().contextSize()));
                    }
                }
            }
        }
        return new JobPlan(suite, units, taskSeeds, JobPlan.totalsOf(units), skippedJudges);
    }

    private void checkModels(List<String> models) {
        for (String model : models) {
            if (!catalogue.containsKey(model)) {
                throw new IllegalArgumentException("unknown model '" + model + "' (known: " + known() + ")");
            }
        }
    }

    /**
     * Every metric a task asks for must be computable here: one needing an encoder is refused when none is
     * configured or it does not load (loading it once, here, when it is not loaded yet).
     */
    private void checkMetrics(Suite suite) {
        for (TaskDefinition task : suite.tasks()) {
            for (Metric metric : task.metrics()) {
                evaluation.require(task.id(), metric);
            }
        }
    }

    /**
     * A RAG task's judge must be a model of the cluster, with an encoder when its metrics need one; an optional
     * judge whose model is not in the catalogue is skipped instead of refusing the job.
     *
     * @return task id -> the note saying which judge is skipped and which metrics are not computed
     */
    private Map<String, String> checkJudges(Suite suite) {
        Map<String, String> skipped = new LinkedHashMap<>();
        for (TaskDefinition task : suite.tasks()) {
            Optional<RagJudgeDefinition> judge = task.ragJudge();
            if (judge.isEmpty()) {
                continue;
            }
            if (judge.get().optional() && !catalogue.containsKey(judge.get().model())) {
                skipped.put(
                        task.id(),
                        "task " + task.id() + ": judge model " + judge.get().model() + " is not placed: "
                                + String.join(", ", judge.get().metrics()) + " not computed");
                continue;
            }
            if (!catalogue.containsKey(judge.get().model())) {
                throw new IllegalArgumentException("task " + task.id() + ": unknown judge model '"
                        + judge.get().model() + "' (known: " + known() + ")");
            }
            if (evaluation.sentenceEncoder().isEmpty()
                    && judge.get().metrics().stream().anyMatch(RagJudgeDefinition.NEED_ENCODER::contains)) {
                throw new IllegalArgumentException("task " + task.id() + ": judge metrics "
                        + RagJudgeDefinition.NEED_ENCODER + " need embedding metrics on this job manager");
            }
            if (judge.get().metrics().stream().anyMatch(RagJudgeDefinition.NEED_ENCODER::contains)) {
                evaluation.require(task.id(), Metric.EMBEDDING_SIMILARITY);
            }
        }
        return skipped;
    }

    private Object known() {
        return new TreeMap<>(catalogue).keySet();
    }

    private static List<Long> seedsOf(TaskDefinition task, List<Long> seeds) {
        return seeds.isEmpty() ? List.of(task.generation().seed()) : seeds;
    }
}
