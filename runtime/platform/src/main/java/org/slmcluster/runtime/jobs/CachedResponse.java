package org.slmcluster.runtime.jobs;

/** A generation kept in the {@link ResponseCache}: the answer and the figures it was produced with. */
public record CachedResponse(
        String key,
        String model,
        String text,
        int promptTokens,
        int outputTokens,
        long latencyNanos,
        String finishReason,
        String node,
        int hops) {}
