package org.slmcluster.benchmarks.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmcluster.topology.Topology;

class SimulationBenchmarkTest {

    private final Topology topology = Topology.of(2, 4);

    @Test
    void directModeIsOneHopOverDistinctConnections() {
        Map<String, Object> row = SimulationBenchmark.simulate(topology, "coordinator", "direct", 500, 1, 1.0, 100);
        assertThat(row.get("hops/task (request)")).isEqualTo(1.0);
        assertThat(row.get("busiest relay msgs/task")).isEqualTo(0.0);
        assertThat(row.get("sim latency ms (mean)")).isEqualTo(102.0);
    }

    @Test
    void overlayRoutesFollowLinksWithinTheDepthAndMatchEachRoutersOwnChoice() {
        Map<String, Object> row = SimulationBenchmark.simulate(topology, "any-to-any", "overlay", 500, 1, 1.0, 100);
        assertThat((Integer) row.get("max hops")).isBetween(1, topology.depth() * 2);
        assertThat((Double) row.get("hops/task (request)")).isGreaterThan(1.0);
        // every message crosses a topology link, so at most every link is used
        assertThat((Integer) row.get("links used")).isLessThanOrEqualTo(topology.linkCount());
        assertThat(SimulationBenchmark.checkHopByHop(topology, 50, 3)).isEqualTo(50);
    }

    @Test
    void coordinatorTrafficLeavesRootOverItsTreeLinks() {
        Map<String, Object> row = SimulationBenchmark.simulate(topology, "coordinator", "overlay", 400, 1, 1.0, 100);
        // root's only links are to level 1: every task crosses one of them twice (request and result)
        long busiest = (Long) row.get("msgs on busiest link");
        assertThat(busiest).isGreaterThanOrEqualTo(2L * 400 / topology.arity());
    }
}
