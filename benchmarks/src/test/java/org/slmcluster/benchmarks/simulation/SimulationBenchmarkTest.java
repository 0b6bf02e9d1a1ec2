package org.slmcluster.benchmarks.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.topology.Topology;

/** The simulation on a 31-node overlay: real router actors, traffic counted from their traces. */
class SimulationBenchmarkTest {

    private final Topology topology = Topology.of(2, 4);

    private Map<String, Object> simulate(RoutingMode mode, Set<String> down, String workload, int tasks) {
        try (SimulatedOverlay overlay = SimulatedOverlay.start(topology, mode, down, 100, 0)) {
            assertThat(overlay.warmUp()).isNotNegative();
            return SimulationBenchmark.simulate(
                    overlay, new SimulationBenchmark.Scenario(topology, mode, down, workload, tasks, 1, 16, 1.0, 100));
        }
    }

    @Test
    void directModeIsOneHopOverDistinctConnections() {
        Map<String, Object> row = simulate(RoutingMode.DIRECT, Set.of(), "coordinator", 300);
        assertThat(row.get("failed")).isEqualTo(0);
        assertThat(row.get("traces checked")).isEqualTo(400);
        assertThat(row.get("hops/task (request)")).isEqualTo(1.0);
        assertThat(row.get("busiest relay msgs/task")).isEqualTo(0.0);
        // the stated model: 100 ms generation + 1 ms for each of the two one-hop messages
        assertThat(row.get("modelled latency ms (mean)")).isEqualTo(102.0);
        assertThat((Integer) row.get("links used")).isLessThanOrEqualTo(topology.size() - 1);
    }

    @Test
    void overlayTrafficFollowsTheProductionRoutesWithinTheDepth() {
        Map<String, Object> row = simulate(RoutingMode.OVERLAY, Set.of(), "any-to-any", 300);
        assertThat(row.get("failed")).isEqualTo(0);
        assertThat((Integer) row.get("max hops")).isBetween(1, topology.depth());
        assertThat((Double) row.get("hops/task (request)")).isGreaterThan(1.0);
        // every message crosses a topology link, so at most every link is used
        assertThat((Integer) row.get("links used")).isLessThanOrEqualTo(topology.linkCount());
    }

    @Test
    void coordinatorTrafficLeavesRootOverItsTreeLinks() {
        Map<String, Object> row = simulate(RoutingMode.OVERLAY, Set.of(), "coordinator", 400);
        // root's only links are to level 1: every task crosses one of them twice (request and result)
        long busiest = (Long) row.get("msgs on busiest link");
        assertThat(busiest).isGreaterThanOrEqualTo(2L * 400 / topology.arity());
    }

    @Test
    void routersRouteAroundDownNodes() {
        Set<String> down = SimulationBenchmark.drawDown(topology, 10, 7);
        assertThat(down).hasSize(3).doesNotContain("root");
        Map<String, Object> row = simulate(RoutingMode.OVERLAY, down, "any-to-any", 300);
        assertThat(row.get("failed")).isEqualTo(0);
        assertThat(row.get("down")).isEqualTo(3);
        assertThat((Integer) row.get("cut off")).isLessThan(topology.size() - 3);
    }
}
