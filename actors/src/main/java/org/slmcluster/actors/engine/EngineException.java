package org.slmcluster.actors.engine;

/** An engine could not load or generate; the message names the model and the cause. */
public class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public EngineException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public EngineException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same request may succeed later (timeouts, a busy server), false for bad input. */
    public boolean retryable() {
        return retryable;
    }
}
