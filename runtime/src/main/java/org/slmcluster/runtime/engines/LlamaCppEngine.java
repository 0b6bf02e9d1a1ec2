package org.slmcluster.runtime.engines;

import java.util.function.Consumer;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.models.ModelSpec;

// SKELETON: implementation follows.
public final class LlamaCppEngine implements InferenceEngine {

    private final ModelSpec spec;

    public LlamaCppEngine(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void load() throws EngineException {
        throw new EngineException("not implemented yet", false);
    }

    @Override
    public GenerationResult generate(GenerationRequest request) throws EngineException {
        return stream(request, token -> { });
    }

    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        throw new EngineException("not implemented yet", false);
    }

    @Override
    public EngineDescription describe() {
        return new EngineDescription(spec.engine(), spec.name(), spec.file(), spec.sha256(), spec.contextSize());
    }

    @Override
    public void close() {
    }
}
