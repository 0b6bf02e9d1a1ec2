package org.slmcluster.actors.routing;

import org.slmcluster.actors.ClusterMessage;

/** A probe reached its destination; {@code envelope.trace()} lists every label it visited. */
public record Delivered(Envelope envelope) implements ClusterMessage {

    public int hops() {
        return envelope.hops();
    }
}
