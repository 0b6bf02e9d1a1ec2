package org.slmcluster.runtime.node;

/** A member could not start: a hosted model's file is missing or corrupt, the port is taken, ... */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeStartException(String message) {
        super(message);
    }

    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
