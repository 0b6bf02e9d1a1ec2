package org.slmcluster.topology;

/** No path exists between two nodes, for the reason given (unknown label, failed endpoint, partition). */
public final class NoRouteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoRouteException(String message) {
        super(message);
    }
}
