package org.slmcluster.runtime.jobs;

/** Where a job is; only RUNNING changes. A job that is not COMPLETED can be resumed. */
public enum JobState {
    RUNNING,
    COMPLETED,
    /** Some tasks failed (timeouts, no host, engine errors); resume retries them. */
    COMPLETED_WITH_FAILURES,
    CANCELLED,
    /** The job manager went away mid-job (shutdown or crash: found RUNNING on disk at start). */
    INTERRUPTED;

    public boolean finished() {
        return this != RUNNING;
    }
}
