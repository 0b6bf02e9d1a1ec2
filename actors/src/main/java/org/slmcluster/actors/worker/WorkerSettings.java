package org.slmcluster.actors.worker;

import java.time.Duration;

/** What a model worker needs: its queue bound, how many generations run at once, the reload backoff. */
public record WorkerSettings(
        int queueCapacity, int concurrency, Duration restartBackoffMin, Duration restartBackoffMax) {

    public WorkerSettings {
        if (queueCapacity < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and concurrency must be at least 1, got " + queueCapacity + " and " + concurrency);
        }
    }
}
