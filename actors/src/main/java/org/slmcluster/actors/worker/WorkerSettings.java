package org.slmcluster.actors.worker;

import java.time.Duration;
import org.slmcluster.actors.node.NodeSettings;

/** The part of {@link NodeSettings} a model worker needs. */
public record WorkerSettings(
        int queueCapacity, int concurrency, Duration restartBackoffMin, Duration restartBackoffMax) {

    public WorkerSettings {
        if (queueCapacity < 1 || concurrency < 1) {
            throw new IllegalArgumentException(
                    "queue capacity and concurrency must be at least 1, got " + queueCapacity + " and " + concurrency);
        }
    }

    public static WorkerSettings of(NodeSettings node) {
        return new WorkerSettings(
                node.workerQueueCapacity(),
                node.workerConcurrency(),
                node.restartBackoffMin(),
                node.restartBackoffMax());
    }
}
