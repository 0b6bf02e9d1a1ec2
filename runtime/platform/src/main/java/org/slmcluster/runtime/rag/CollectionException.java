package org.slmcluster.runtime.rag;

/** A collection cannot be built, opened or searched; the message names the file or value at fault. */
public final class CollectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CollectionException(String message) {
        super(message);
    }

    public CollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
