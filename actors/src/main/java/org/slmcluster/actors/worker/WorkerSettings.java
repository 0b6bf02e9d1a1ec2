package org.slmcluster.actors.worker;

import java.time.Duration;

/**
 * What a model worker needs: its queue bound, how many generations run at once, the reload backoff and how
 * many loads in a row it tries before giving the model up, and how many engine crashes in what window.
 */
public record WorkerSettings(
        int queueCapacity,
        int concurrency,
        Duration restartBackoffMin,
        Duration restartBackoffMax,
        int maxLoadAttempts,
        int maxCrashes,
        Duration crashWindow) {

    /** As {@code slm.worker.max-load-attempts} in reference.conf. */
    public static final int DEFAULT_MAX_LOAD_ATTEMPTS = 5;
    /** As {@code slm.worker.max-crashes} and {@code crash-window} in reference.conf. */
    public static final int DEFAULT_MAX_CRASHES = 3;

    public static final Duration DEFAULT_CRASH_WINDOW = Duration.ofMinutes(5);

    public WorkerSettings {
        if (queueCapacity < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and concurrency must be at least 1, got " + queueCapacity + " and " + concurrency);
        }
        if (maxLoadAttempts < 1) {
            throw new IllegalArgumentException("max load attempts must be at least 1, got " + maxLoadAttempts);
        }
        if (maxCrashes < 1 || crashWindow.isNegative() || crashWindow.isZero()) {
            throw new IllegalArgumentException("max crashes must be at least 1 and the crash window positive, got "
                    + maxCrashes + " and " + crashWindow);
        }
    }

    public WorkerSettings(
            int queueCapacity,
            int concurrency,
            Duration restartBackoffMin,
            Duration restartBackoffMax,
            int maxLoadAttempts) {
        this(
                queueCapacity,
                concurrency,
                restartBackoffMin,
                restartBackoffMax,
                maxLoadAttempts,
                DEFAULT_MAX_CRASHES,
                DEFAULT_CRASH_WINDOW);
    }

    public WorkerSettings(int queueCapacity, int concurrency, Duration restartBackoffMin, Duration restartBackoffMax) {
        this(queueCapacity, concurrency, restartBackoffMin, restartBackoffMax, DEFAULT_MAX_LOAD_ATTEMPTS);
    }
}
