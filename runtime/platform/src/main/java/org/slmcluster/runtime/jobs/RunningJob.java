package org.slmcluster.runtime.jobs;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** One run of a job in this manager: its record, its progress, and how it is stopped and ends. */
final class RunningJob {

    final JobPlan plan;
    final ProgressTracker progress;
    final CompletableFuture<JobProgress> completion = new CompletableFuture<>();
    private final AtomicReference<JobState> state = new AtomicReference<>(JobState.RUNNING);
    /** What stopped the run before its end (the ledger failing, an interrupt), if anything. */
    private final AtomicReference<Throwable> broken = new AtomicReference<>();

    private volatile JobRecord record;
    private volatile boolean cancelled;
    /** The job manager is closing: the run stops like a cancel but ends INTERRUPTED, so a restart resumes it. */
    private volatile boolean interrupted;

    private volatile Instant endedAt;
    /** Why the run stopped before its end, for people (set when it ends broken off). */
    private volatile String stopReason;

    RunningJob(JobRecord record, JobPlan plan) {
        this.record = record;
        this.plan = plan;
        this.progress = new ProgressTracker(record.models(), plan.units());
    }

    String id() {
        return record.id();
    }

    JobRecord record() {
        return record;
    }

    JobState state() {
        return state.get();
    }

    void cancel() {
        cancelled = true;
    }

    void interrupt() {
        interrupted = true;
    }

    void breakOff(Throwable cause) {
        broken.compareAndSet(null, cause);
    }

    /** True once the run must dispatch nothing more: cancelled or broken off. */
    boolean stopping() {
        return cancelled || interrupted || broken.get() != null;
    }

    boolean brokenOff() {
        return broken.get() != null;
    }

    /** What broke the run off, if anything. */
    Optional<Throwable> breakCause() {
        return Optional.ofNullable(broken.get());
    }

    void stopReason(String reason) {
        stopReason = reason;
    }

    /** The state the run ends in, from how it stopped and what failed. */
    JobState endState() {
        if (broken.get() != null || interrupted) {
            return JobState.INTERRUPTED;
        }
        if (cancelled) {
            return JobState.CANCELLED;
        }
        return progress.failed() > 0 ? JobState.COMPLETED_WITH_FAILURES : JobState.COMPLETED;
    }

    void ended(JobState finalState, Instant at) {
        endedAt = at;
        state.set(finalState);
        record = record.withState(finalState, at.toString());
    }

    Instant endedAt() {
        return endedAt;
    }

    JobProgress snapshot() {
        return progress.progress(record.id(), state.get(), endedAt)
                .withStopReason(Optional.ofNullable(stopReason))
                .withNotes(plan.notes());
    }
}
