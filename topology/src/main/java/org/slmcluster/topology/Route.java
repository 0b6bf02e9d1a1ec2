package org.slmcluster.topology;

import java.util.List;

/** A path through the overlay, endpoints included; consecutive labels are always linked. */
public record Route(List<String> path) {

    public Route {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a route has at least its source");
        }
    }

    public int hops() {
        return path.size() - 1;
    }

    public String source() {
        return path.get(0);
    }

    public String destination() {
        return path.get(path.size() - 1);
    }

    /** The hop after {@code label} on this route, or the label itself at the destination. */
    public String nextHopAfter(String label) {
        int at = path.indexOf(label);
        if (at < 0) {
            throw new IllegalArgumentException(label + " is not on route " + path);
        }
        return at == path.size() - 1 ? label : path.get(at + 1);
    }
}
