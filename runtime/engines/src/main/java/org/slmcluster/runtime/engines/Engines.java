package org.slmcluster.runtime.engines;

import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.models.ModelSpec;

/** Builds the engine a model spec names. */
public final class Engines {

    private Engines() {}

    /** A new, not yet loaded engine for {@code spec}; the caller calls {@code load()} and later {@code close()}. */
    public static InferenceEngine create(ModelSpec spec) {
        return switch (spec.engine()) {
            case LLAMA_CPP -> new LlamaCppEngine(spec);
            case OPENAI -> new OpenAiCompatibleEngine(spec);
            default ->
                throw new IllegalArgumentException(
                        "model '" + spec.name() + "': unknown engine '" + spec.engine() + "'");
        };
    }
}
