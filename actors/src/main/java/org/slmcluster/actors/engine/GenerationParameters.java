package org.slmcluster.actors.engine;

import java.util.List;

/**
 * Sampling settings. Every model in an evaluation gets identical parameters so that scores compare.
 *
 * @param maxTokens   upper bound on generated tokens
 * @param temperature 0 means greedy
 * @param topP        nucleus sampling mass, 1.0 disables it
 * @param seed        sampling seed
 * @param stop        strings that end generation (not included in the output)
 */
public record GenerationParameters(int maxTokens, double temperature, double topP, long seed, List<String> stop) {

    public static final GenerationParameters DEFAULTS = new GenerationParameters(128, 0.0, 1.0, 42L, List.of());

    public GenerationParameters {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must not be negative, got " + temperature);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public GenerationParameters withMaxTokens(int value) {
        return new GenerationParameters(value, temperature, topP, seed, stop);
    }

    public GenerationParameters withSeed(long value) {
        return new GenerationParameters(maxTokens, temperature, topP, value, stop);
    }
}
