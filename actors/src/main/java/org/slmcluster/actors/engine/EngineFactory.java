package org.slmcluster.actors.engine;

/**
 * Creates the (not yet loaded) engine for a hosted model. The model worker calls it on a blocking
 * dispatcher thread, then calls {@link InferenceEngine#load()} once.
 */
@FunctionalInterface
public interface EngineFactory {

    InferenceEngine create(String modelName) throws EngineException;
}
