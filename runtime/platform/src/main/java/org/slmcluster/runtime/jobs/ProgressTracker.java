package org.slmcluster.runtime.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slmcluster.runtime.evaluation.RagJudging;

/**
 * The live counts of one run of a job: per model and task what is done and what failed, answers served from
 * the cache, judge failures among the recorded items, and an estimate of the time left. Thread-safe: the
 * runner and the scoring threads report, the API reads.
 */
final class ProgressTracker {

    private final Map<String, Map<String, TaskCounts>> counts = new LinkedHashMap<>();
    /** answering model -> judge metric -> failed verdicts of the recorded items */
    private final Map<String, Map<String, Integer>> judgeFailures = new LinkedHashMap<>();

    private final AtomicInteger doneThisRun = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final List<String> models;
    private final Instant startedAt = Instant.now();
    private final int total;

    ProgressTracker(List<String> models, List<WorkUnit> units) {
        this.models = List.copyOf(models);
        for (WorkUnit unit : units) {
            counts.computeIfAbsent(unit.model(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(unit.task().id(), t -> new TaskCounts())
                    .total++;
        }
        this.total = units.size();
    }

    /** A task recorded by an earlier run of this job (resume). */
    void alreadyRecorded(WorkUnit unit, Map<String, String> details) {
        counts(unit).done.incrementAndGet();
        countJudgeFailures(unit.model(), details);
    }

    /** A task scored and recorded in this run. */
    void recorded(WorkUnit unit, Map<String, String> details, boolean fromCache) {
        counts(unit).done.incrementAndGet();
        countJudgeFailures(unit.model(), details);
        doneThisRun.incrementAndGet();
        if (fromCache) {
            cached.incrementAndGet();
        }
    }

    void failed(WorkUnit unit) {
        counts(unit).failed.incrementAndGet();
    }

    int total() {
        return total;
    }

    int done() {
        return sum(c -> c.done.get());
    }

    int failed() {
        return sum(c -> c.failed.get());
    }

    int cached() {
        return cached.get();
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Progress as of now ({@code endedAt} null) or as the run ended. */
    JobProgress progress(String jobId, JobState state, Instant endedAt) {
        Map<String, Map<String, JobProgress.Counts>> perModel = new LinkedHashMap<>();
        counts.forEach((model, tasks) -> {
            Map<String, JobProgress.Counts> perTask = new LinkedHashMap<>();
            tasks.forEach(
                    (task, c) -> perTask.put(task, new JobProgress.Counts(c.total, c.done.get(), c.failed.get())));
            perModel.put(model, perTask);
        });
        int done = done();
        int failed = failed();
        Duration elapsed = Duration.between(startedAt, endedAt == null ? Instant.now() : endedAt);
        Optional<Duration> eta = Optional.empty();
        int thisRun = doneThisRun.get();
        int remaining = total - done - failed;
        if (!state.finished() && thisRun > 0 && remaining > 0) {
            eta = Optional.of(Duration.ofMillis(elapsed.toMillis() * remaining / thisRun));
        }
        return new JobProgress(
                jobId,
                state,
                total,
                done,
                failed,
                cached.get(),
                perModel,
                startedAt,
                elapsed,
                eta,
                judgeFailureTotals());
    }

    private TaskCounts counts(WorkUnit unit) {
        return counts.get(unit.model()).get(unit.task().id());
    }

    private void countJudgeFailures(String model, Map<String, String> details) {
        synchronized (judgeFailures) {
            RagJudging.countFailures(judgeFailures, model, details);
        }
    }

    private Map<String, Map<String, Integer>> judgeFailureTotals() {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        synchronized (judgeFailures) {
            for (String model : models) {
                Map<String, Integer> perMetric = judgeFailures.get(model);
                if (perMetric != null) {
                    copy.put(model, new TreeMap<>(perMetric));
                }
            }
        }
        return copy;
    }

    private int sum(java.util.function.ToIntFunction<TaskCounts> count) {
        return counts.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToInt(count)
                .sum();
    }

    private static final class TaskCounts {
        int total;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }
}
