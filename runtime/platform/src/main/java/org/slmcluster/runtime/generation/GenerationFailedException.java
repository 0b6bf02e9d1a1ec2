package org.slmcluster.runtime.generation;

/** A generation did not produce text: the engine failed, the cluster reported a failure, or time ran out. */
public final class GenerationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerationFailedException(String message) {
        super(message);
    }

    public GenerationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
