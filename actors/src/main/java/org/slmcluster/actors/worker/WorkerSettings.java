package org.slmcluster.actors.worker;

import java.time.Duration;

/**
 * What a model worker needs: its queue bound, how many generations run at once, the reload backoff and how
 * many loads in a row it tries before giving the model up.
 */
public record WorkerSettings(
        int queueCapacity,
        int concurrency,
        Duration restartBackoffMin,
        Duration restartBackoffMax,
        int maxLoadAttempts) {

    /** As {@code slm.worker.max-load-attempts} in reference.conf. */
    public static final int DEFAULT_MAX_LOAD_ATTEMPTS = 5;

    public WorkerSettings {
        if (queueCapacity < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and concurrency must be at least 1, got " + queueCapacity + " and " + concurrency);
        }
        if (maxLoadAttempts < 1) {
            throw new IllegalArgumentException("max load attempts must be at least 1, got " + maxLoadAttempts);
        }
    }

    public WorkerSettings(int queueCapacity, int concurrency, Duration restartBackoffMin, Duration restartBackoffMax) {
        this(queueCapacity, concurrency, restartBackoffMin, restartBackoffMax, DEFAULT_MAX_LOAD_ATTEMPTS);
    }
}
