package org.slmcluster.actors.engine;

/**
 * A finished generation with the figures the ledgers and metrics need.
 *
 * @param finishReason {@code stop} (end of text or a stop string) or {@code length} (max tokens hit)
 */
public record GenerationResult(
        String text, int promptTokens, int outputTokens, long latencyNanos, String finishReason) {

    public double tokensPerSecond() {
        return latencyNanos <= 0 ? 0.0 : outputTokens * 1e9 / latencyNanos;
    }
}
