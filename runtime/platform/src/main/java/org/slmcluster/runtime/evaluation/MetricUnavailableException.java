package org.slmcluster.runtime.evaluation;

/**
 * A metric a suite asks for cannot be computed where the job would run (no encoder configured, or it does
 * not load): the job is refused instead of running without that score. The message names the task, the
 * metric and the missing piece.
 */
public final class MetricUnavailableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MetricUnavailableException(String message) {
        super(message);
    }

    public MetricUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
