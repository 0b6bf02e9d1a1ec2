package org.slmcluster.runtime.suite;

import java.util.List;
import org.slmcluster.actors.engine.GenerationParameters;

/**
 * Generation settings shared by every model that runs a task, so that their scores compare.
 *
 * @param systemPrompt system message sent before every user message (may be empty: then none is sent)
 * @param seed         sampling seed (a job with repetitions replaces it, see {@link #withSeed})
 * @param temperature  0 means greedy
 * @param topP         nucleus sampling mass, 1.0 disables it
 * @param contextSize  context window (tokens) every engine is loaded with
 * @param maxTokens    upper bound on generated tokens
 * @param stop         strings that end generation
 */
public record GenerationSettings(
        String systemPrompt,
        long seed,
        double temperature,
        double topP,
        int contextSize,
        int maxTokens,
        List<String> stop) {

    public static final GenerationSettings DEFAULTS = new GenerationSettings("", 42L, 0.0, 1.0, 2048, 128, List.of());

    public GenerationSettings {
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public GenerationSettings withSeed(long value) {
        return new GenerationSettings(systemPrompt, value, temperature, topP, contextSize, maxTokens, stop);
    }

    /** The engine port's view (the context size is an engine load setting, not a sampling one). */
    public GenerationParameters toParameters() {
        return new GenerationParameters(maxTokens, temperature, topP, seed, stop);
    }
}
