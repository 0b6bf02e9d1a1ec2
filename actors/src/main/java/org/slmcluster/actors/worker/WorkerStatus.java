package org.slmcluster.actors.worker;

import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.engine.EngineProcessStatus;

/**
 * A model worker's queue and counters, for dispatch, status listings and metrics.
 *
 * @param state              LOADING, READY, RESTARTING, FAILED (a load failed, another follows) or GAVE_UP
 *                           (loads failed max-load-attempts times in a row; none until the member restarts)
 * @param queued             requests waiting
 * @param running            generations in progress
 * @param completed          generations answered with a result
 * @param failed             requests answered with an engine error or a timeout
 * @param rejected           requests refused because the queue was full
 * @param restarts           engine reloads after a failure
 * @param promptTokens       prompt tokens over all completed generations
 * @param outputTokens       output tokens over all completed generations
 * @param generationMillis   time spent generating over all completed generations
 * @param lastError          the most recent engine error, or null
 * @param process            the engine's own process (pid, resident memory, limits), or null when the engine
 *                           runs in the member (or none is loaded)
 */
public record WorkerStatus(
        String nodeLabel,
        String model,
        String state,
        int queued,
        int running,
        int queueCapacity,
        int concurrency,
        long completed,
        long failed,
        long rejected,
        long restarts,
        long promptTokens,
        long outputTokens,
        long generationMillis,
        String lastError,
        EngineProcessStatus process)
        implements ClusterMessage {

    /** Output tokens per second of generation time, over the worker's lifetime. */
    public double tokensPerSecond() {
        return generationMillis <= 0 ? 0.0 : outputTokens * 1000.0 / generationMillis;
    }
}
