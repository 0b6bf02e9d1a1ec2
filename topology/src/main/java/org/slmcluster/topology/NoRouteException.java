package org.slmcluster.topology;

/** No path exists between two nodes, for the reason given (unknown label, failed endpoint, partition). */
public final class NoRouteException extends RuntimeException {

    public NoRouteException(String message) {
        super(message);
    }
}
