package org.slmcluster.actors.dispatch;

import java.time.Duration;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.topology.Topology;

/**
 * What the coordinator's dispatcher needs: its label and overlay (to count hops), the routing mode, the
 * deadline of a task submitted without one, and the per-attempt timeout (zero: an attempt may use the
 * task's whole deadline).
 */
public record DispatcherSettings(
        String label,
        int arity,
        int depth,
        RoutingMode routingMode,
        Duration defaultDeadline,
        Duration attemptTimeout) {

    public Topology topology() {
        return Topology.of(arity, depth);
    }
}
