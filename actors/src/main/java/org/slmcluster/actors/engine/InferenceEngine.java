package org.slmcluster.actors.engine;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine port: what a model worker needs from whatever runs the model (llama.cpp in-process, an
 * OpenAI-compatible server, ...). Adapters live in the runtime module.
 *
 * <p>Calls are blocking; the model worker runs them off the actor thread. An engine is loaded once and
 * reused for many generations, because reloading is slow and, for llama.cpp, leaks native memory.
 */
public interface InferenceEngine extends AutoCloseable {

    /** Loads the model; fails with {@link EngineException} naming the model and the cause. */
    void load() throws EngineException;

    /** Generates a whole answer. */
    GenerationResult generate(GenerationRequest request) throws EngineException;

    /**
     * Generates while handing each piece of text to {@code onToken} as it is produced; returns the same
     * result {@link #generate} would.
     */
    GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException;

    /**
     * True when {@link #stream} costs no more than {@link #generate} (llama.cpp: generate is a stream
     * that drops the pieces). The model worker then streams every request, so that it knows the time to
     * the first token (prompt evaluation) for the metrics.
     */
    default boolean streamsAtNoExtraCost() {
        return false;
    }

    /**
     * Why this engine has stopped working on its own (its process was killed, aborted or stopped
     * answering), or empty while it works. The model worker polls it while idle and restarts a crashed
     * engine at once.
     */
    default Optional<String> crashReason() {
        return Optional.empty();
    }

    /** The engine's own process (pid, memory, limits), when it runs in one. */
    default Optional<EngineProcessStatus> processStatus() {
        return Optional.empty();
    }

    /** What this engine runs, for listings, manifests and metrics. */
    EngineDescription describe();

    /** Releases the model. Idempotent. */
    @Override
    void close();
}
