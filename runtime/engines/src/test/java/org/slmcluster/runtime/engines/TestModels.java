package org.slmcluster.runtime.engines;

import org.slmcluster.runtime.models.ModelSpec;

/** The two small GGUF test models, found through SLM_MODEL_PATH. */
final class TestModels {

    static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    static final String TINY_RANDOM_SHA256 = "81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb";

    private TestModels() {}

    static ModelSpec stories() {
        return ModelSpec.llamaCpp("stories260K", "stories260K.gguf", STORIES_SHA256);
    }

    static ModelSpec tinyRandom() {
        return ModelSpec.llamaCpp("llama-2-tiny-random", "llama-2-tiny-random.gguf", TINY_RANDOM_SHA256);
    }
}
