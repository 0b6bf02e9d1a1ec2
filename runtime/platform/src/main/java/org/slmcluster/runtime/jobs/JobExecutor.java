package org.slmcluster.runtime.jobs;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.runtime.evaluation.Evaluation;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RagJudgeDefinition;

/**
 * Runs the tasks of a job: each answer comes from the response cache or from the generation backend (at most
 * {@code maxInFlight} at a time), is scored by the evaluator (and the RAG judge where the task has one) and
 * recorded in its model's ledger. A task that fails is counted and left for a resume; a ledger that fails
 * breaks the run off (what is recorded stays).
 */
final class JobExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

    private final GenerationBackend backend;
    private final ResponseCache cache;
    private final ItemEvaluator evaluator;
    private final Ledgers ledgers;
    private final ModelWeights weights;
    private final int maxInFlight;
    private final Duration taskDeadline;
    private final ExecutorService scoring;

    JobExecutor(
            GenerationBackend backend,
            ResponseCache cache,
            ItemEvaluator evaluator,
            Ledgers ledgers,
            ModelWeights weights,
            int maxInFlight,
            Duration taskDeadline) {
        this.backend = backend;
        this.cache = cache;
        this.evaluator = evaluator;
        this.ledgers = ledgers;
        this.weights = weights;
        this.maxInFlight = maxInFlight;
        this.taskDeadline = taskDeadline;
        this.scoring = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "slm-job-scoring");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs every task of {@code run}'s plan until done, cancelled or broken off; returns when the last answer
     * in flight is settled.
     *
     * @param skipRecorded leave out tasks its model's ledger already holds for the same prompt (a resume)
     */
    void execute(RunningJob run, boolean skipRecorded) {
        Semaphore permits = new Semaphore(maxInFlight);
        try {
            Map<String, Map<String, ScoredItem>> recorded = skipRecorded ? recorded(run) : Map.of();
            for (WorkUnit unit : run.plan.units()) {
                if (run.stopping()) {
                    break;
                }
                ScoredItem earlier =
                        skipRecorded ? recorded.get(unit.model()).get(unit.key().id()) : null;
                if (earlier != null && unit.prompt().sha256().equals(earlier.promptHash())) {
                    run.progress.alreadyRecorded(unit, earlier.details());
                    continue;
                }
                permits.acquire();
                if (run.stopping()) {
                    permits.release();
                    break;
                }
                start(run, unit, permits);
            }
            permits.acquire(maxInFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.breakOff(e);
        } catch (RuntimeException e) {
            log.error("job {} stopped: {}", run.id(), e.toString());
            run.breakOff(e);
        }
    }

    private Map<String, Map<String, ScoredItem>> recorded(RunningJob run) {
        Map<String, Map<String, ScoredItem>> recorded = new HashMap<>();
        for (String model : run.record().models()) {
            Map<String, ScoredItem> items = new HashMap<>();
            ledgers.items(model).forEach(item -> items.put(item.id(), item));
            recorded.put(model, items);
        }
        return recorded;
    }

    /** Starts one task holding a permit; the permit is released once its answer is settled. */
    private void start(RunningJob run, WorkUnit unit, Semaphore permits) {
        String cacheKey =
                ResponseCache.key(weights.hash(unit.model()), unit.prompt(), unit.parameters(), unit.contextSize());
        Optional<CachedResponse> hit = cache.get(cacheKey);
        if (hit.isPresent()) {
            scoring.execute(() -> {
                try {
                    score(run, unit, hit.get(), true);
                } finally {
                    permits.release();
                }
            });
            return;
        }
        String taskId = run.id() + "|" + unit.model() + "|" + unit.key().id();
        try {
            backend.submit(taskId, unit.model(), unit.prompt().toRequest(unit.parameters()), taskDeadline)
                    .whenCompleteAsync(
                            (result, error) -> {
                                try {
                                    answered(run, unit, cacheKey, result, error);
                                } finally {
                                    permits.release();
                                }
                            },
                            scoring);
        } catch (RuntimeException e) {
            permits.release();
            answered(run, unit, cacheKey, null, e);
        }
    }

    private void answered(RunningJob run, WorkUnit unit, String cacheKey, TaskResult result, Throwable error) {
        if (error != null || !(result instanceof TaskResult.Completed completed)) {
            String reason = error != null ? error.toString() : describe((TaskResult.Failed) result);
            log.warn("job {}: task {} on {} failed: {}", run.id(), unit.key(), unit.model(), reason);
            run.progress.failed(unit);
            return;
        }
        GenerationResult generated = completed.result();
        CachedResponse response = new CachedResponse(
                cacheKey,
                unit.model(),
                generated.text(),
                generated.promptTokens(),
                generated.outputTokens(),
                generated.latencyNanos(),
                generated.finishReason(),
                completed.nodeLabel(),
                completed.hops());
        try {
            cache.put(response);
        } catch (UncheckedIOException e) {
            log.warn("job {}: could not cache the answer to {}: {}", run.id(), unit.key(), e.getMessage());
        }
        score(run, unit, response, false);
    }

    private static String describe(TaskResult.Failed failed) {
        return failed.kind() + ": " + failed.reason();
    }

    private void score(RunningJob run, WorkUnit unit, CachedResponse response, boolean fromCache) {
        if (run.brokenOff()) {
            return;
        }
        Evaluation evaluation;
        try {
            evaluation =
                    evaluator.evaluate(unit.task(), unit.item(), unit.prompt(), unit.retrievedIds(), response.text());
            if (unit.item() instanceof RagItem ragItem && unit.task().ragJudge().isPresent()) {
                evaluation = judging(unit.task().ragJudge().get())
                        .judge(unit.task(), ragItem, unit.retrievedIds(), response.text(), evaluation);
            }
        } catch (RuntimeException e) {
            // a scorer failing on one answer fails that task only (resume retries it), not the job
            log.warn("job {}: scoring {} of {} failed: {}", run.id(), unit.key(), unit.model(), e.toString());
            run.progress.failed(unit);
            return;
        }
        try {
            ledgers.record(scoredItem(unit, response, evaluation, fromCache))
                    .toCompletableFuture()
                    .get(Ledgers.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            run.progress.recorded(unit, evaluation.details(), fromCache);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.breakOff(e);
        } catch (Exception e) {
            // the ledger is gone or failing: stop the job; what is recorded stays, resume does the rest
            log.error(
                    "job {}: recording {} of {} failed, stopping the job: {}",
                    run.id(),
                    unit.key(),
                    unit.model(),
                    e.toString());
            run.breakOff(e);
        }
    }

    private static ScoredItem scoredItem(
            WorkUnit unit, CachedResponse response, Evaluation evaluation, boolean fromCache) {
        double tokensPerSecond =
                response.latencyNanos() <= 0 ? 0.0 : response.outputTokens() * 1e9 / response.latencyNanos();
        return new ScoredItem(
                unit.key(),
                unit.model(),
                unit.task().kind(),
                unit.prompt().sha256(),
                response.text(),
                evaluation.scores(),
                evaluation.flags(),
                evaluation.details(),
                response.latencyNanos(),
                response.promptTokens(),
                response.outputTokens(),
                tokensPerSecond,
                response.finishReason(),
                response.node(),
                response.hops(),
                fromCache,
                unit.retrievedIds(),
                System.currentTimeMillis());
    }

    /** Judges through the cluster: each verdict is a task for the judge model on this executor's backend. */
    private RagJudging judging(RagJudgeDefinition definition) {
        return RagJudging.throughCluster(
                definition,
                backend,
                taskDeadline,
                evaluator.options().sentenceEncoder().orElse(null));
    }

    @Override
    public void close() {
        scoring.shutdownNow();
    }
}
