package org.slmcluster.benchmarks.simulation;

import java.util.function.Consumer;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;

/**
 * SIMULATED engine for the scale simulation: answers at once and states, in its result, that the
 * generation took {@code serviceMillis} (the latency model). Thousands of llama.cpp models do not fit one
 * JVM; what the simulation measures is the routing around the engines, which this leaves untouched.
 */
final class LatencyModelEngine implements InferenceEngine {

    static final String ENGINE = "latency-model";

    private final String model;
    private final long serviceNanos;
    private final int outputTokens;

    LatencyModelEngine(String model, double serviceMillis, int outputTokens) {
        this.model = model;
        this.serviceNanos = Math.round(serviceMillis * 1_000_000);
        this.outputTokens = outputTokens;
    }

    @Override
    public void load() {}

    @Override
    public GenerationResult generate(GenerationRequest request) {
        return new GenerationResult("", 0, outputTokens, serviceNanos, "stop");
    }

    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) {
        return generate(request);
    }

    @Override
    public EngineDescription describe() {
        return new EngineDescription(ENGINE, model, "stated: " + serviceNanos / 1e6 + " ms per generation", null, 0);
    }

    @Override
    public void close() {}
}
