package org.slmcluster.runtime.rag.judge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slmcluster.actors.engine.GenerationParameters;

/**
 * How a judge model is asked: generation parameters (by default greedy, a fixed seed, a token budget large
 * enough for a JSON verdict, so that verdicts repeat run to run; a suite's judge block may change the
 * budget and the temperature), a time limit per call, and whether the prompt goes in as a chat message
 * (instruction-tuned models) or as a raw completion prompt.
 */
public record JudgeSettings(GenerationParameters parameters, Duration timeout, boolean chat) {

    public static final long SEED = 42L;
    public static final int MAX_TOKENS = 512;

    public JudgeSettings {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the judge timeout must be positive, got " + timeout);
        }
    }

    /** Temperature 0, seed 42, 512 tokens, two minutes per call, chat. */
    public static JudgeSettings defaults() {
        return new JudgeSettings(
                new GenerationParameters(MAX_TOKENS, 0.0, 1.0, SEED, List.of()), Duration.ofSeconds(120), true);
    }

    public JudgeSettings withMaxTokens(int value) {
        return new JudgeSettings(parameters.withMaxTokens(value), timeout, chat);
    }

    public JudgeSettings withTemperature(double value) {
        GenerationParameters p = parameters;
        return new JudgeSettings(
                new GenerationParameters(p.maxTokens(), value, p.topP(), p.seed(), p.stop()), timeout, chat);
    }

    public JudgeSettings withTimeout(Duration value) {
        return new JudgeSettings(parameters, value, chat);
    }

    public JudgeSettings withChat(boolean value) {
        return new JudgeSettings(parameters, timeout, value);
    }
}
