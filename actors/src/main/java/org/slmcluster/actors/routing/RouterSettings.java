package org.slmcluster.actors.routing;

import org.slmcluster.topology.Topology;

/**
 * What a router needs to know of its member: its label, the overlay it routes on, how it forwards, and
 * how many forwards an envelope may take before it is returned as undeliverable.
 */
public record RouterSettings(String label, int arity, int depth, RoutingMode routingMode, int ttl) {

    /** Cluster role every member carries for its label: {@code label-<label>}. */
    public static final String LABEL_ROLE_PREFIX = "label-";

    public RouterSettings {
        if (routingMode == null) {
            throw new IllegalArgumentException("routing mode is required (overlay or direct)");
        }
        if (ttl < 1) {
            throw new IllegalArgumentException("ttl must be at least 1, got " + ttl);
        }
    }

    public Topology topology() {
        return Topology.of(arity, depth);
    }
}
