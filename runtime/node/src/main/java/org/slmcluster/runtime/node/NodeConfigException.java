package org.slmcluster.runtime.node;

/** A node configuration is unusable; the message names the file and the key at fault. */
public final class NodeConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeConfigException(String message) {
        super(message);
    }

    public NodeConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
