package org.slmcluster.runtime.rag;

/** A collection cannot be built, opened or searched; the message names the file or value at fault. */
public final class CollectionException extends RuntimeException {

    public CollectionException(String message) {
        super(message);
    }

    public CollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
