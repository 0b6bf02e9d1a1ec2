package org.slmcluster.runtime.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a job's progress.
 *
 * @param total     tasks of the job (items x seeds x models)
 * @param done      tasks recorded in the ledgers (including those recorded by an earlier run of the job)
 * @param failed    tasks that failed in this run (not recorded; a resume retries them)
 * @param cached    tasks of this run answered from the response cache
 * @param perModel  model -> task id -> counts
 * @param eta       estimated time left, from this run's rate (empty before the first result or when finished)
 * @param judgeFailures answering model -> judge metric -> judged verdicts that failed among the recorded
 *                      items of the job (as {@code done}, earlier runs included), so their {@code ragas-*}
 *                      means rest on fewer items; only models and metrics with failures appear
 * @param stopReason why the run stopped before its end, e.g. a full disk (empty when it ran to its end, was
 *                   cancelled, or runs)
 * @param notes     what this run leaves out by design, one line each, e.g. "task rag: judge model X is not
 *                  placed: correct not computed" (an optional judge whose model the cluster does not have)
 */
public record JobProgress(
        String jobId,
        JobState state,
        int total,
        int done,
        int failed,
        int cached,
        Map<String, Map<String, Counts>> perModel,
        Instant startedAt,
        Duration elapsed,
        Optional<Duration> eta,
        Map<String, Map<String, Integer>> judgeFailures,
        Optional<String> stopReason,
        List<String> notes) {

    public JobProgress {
        judgeFailures = judgeFailures == null ? Map.of() : judgeFailures;
        stopReason = stopReason == null ? Optional.empty() : stopReason;
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Without notes. */
    public JobProgress(
            String jobId,
            JobState state,
            int total,
            int done,
            int failed,
            int cached,
            Map<String, Map<String, Counts>> perModel,
            Instant startedAt,
            Duration elapsed,
            Optional<Duration> eta,
            Map<String, Map<String, Integer>> judgeFailures,
            Optional<String> stopReason) {
        this(
                jobId,
                state,
                total,
                done,
                failed,
                cached,
                perModel,
                startedAt,
                elapsed,
                eta,
                judgeFailures,
                stopReason,
                List.of());
    }

    /** Without a stop reason. */
    public JobProgress(
            String jobId,
            JobState state,
            int total,
            int done,
            int failed,
            int cached,
            Map<String, Map<String, Counts>> perModel,
            Instant startedAt,
            Duration elapsed,
            Optional<Duration> eta,
            Map<String, Map<String, Integer>> judgeFailures) {
        this(
                jobId,
                state,
                total,
                done,
                failed,
                cached,
                perModel,
                startedAt,
                elapsed,
                eta,
                judgeFailures,
                Optional.empty());
    }

    /** This progress with {@code reason} as its stop reason. */
    public JobProgress withStopReason(Optional<String> reason) {
        return new JobProgress(
                jobId,
                state,
                total,
                done,
                failed,
                cached,
                perModel,
                startedAt,
                elapsed,
                eta,
                judgeFailures,
                reason,
                notes);
    }

    /** This progress with {@code lines} as its notes. */
    public JobProgress withNotes(List<String> lines) {
        return new JobProgress(
                jobId,
                state,
                total,
                done,
                failed,
                cached,
                perModel,
                startedAt,
                elapsed,
                eta,
                judgeFailures,
                stopReason,
                lines);
    }

    /** Counts of one model on one task. */
    public record Counts(int total, int done, int failed) {}

    public double fraction() {
        return total == 0 ? 1.0 : (double) done / total;
    }
}
