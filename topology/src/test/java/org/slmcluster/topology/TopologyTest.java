package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private final Topology small = Topology.of(2, 2);

    @Test
    void arityTwoDepthTwoHasTheSevenNodesRootFirstLevelByLevel() {
        assertThat(small.nodes())
                .containsExactly(
                        new Node("root", 0),
                        new Node("0", 1),
                        new Node("1", 1),
                        new Node("00", 2),
                        new Node("01", 2),
                        new Node("10", 2),
                        new Node("11", 2));
        assertThat(small.size()).isEqualTo(7);
        assertThat(Topology.nodeCount(2, 2)).isEqualTo(7);
    }

    @Test
    void arityTwoDepthTwoHasExactlyTheFourteenHandCheckedLinksInLabelOrder() {
        // tree: root-0 root-1 0-00 0-01 1-10 1-11; level 1: 0-1; level 2 shifts: 00-01 01-10 01-11 00-10 10-11;
        // between levels (drop first digit): 01-1 10-0 (00-0 and 11-1 are tree links already).
        assertThat(small.links())
                .containsExactly(
                        new Link("root", "0"),
                        new Link("root", "1"),
                        new Link("0", "00"),
                        new Link("0", "01"),
                        new Link("0", "1"),
                        new Link("0", "10"),
                        new Link("00", "01"),
                        new Link("00", "10"),
                        new Link("01", "1"),
                        new Link("01", "10"),
                        new Link("01", "11"),
                        new Link("1", "10"),
                        new Link("1", "11"),
                        new Link("10", "11"));
        assertThat(small.linkCount()).isEqualTo(14);
    }

    @Test
    void neighboursComeInLabelOrderWithRootFirst() {
        assertThat(small.neighbours("0")).containsExactly("root", "00", "01", "1", "10");
        assertThat(small.neighbours("00")).containsExactly("0", "01", "10");
        assertThat(small.neighbours("root")).containsExactly("0", "1");
        assertThat(small.degree("01")).isEqualTo(5);
        assertThat(small.linked("01", "1")).isTrue();
        assertThat(small.linked("00", "11")).isFalse();
    }

    @Test
    void linksEqualTheStraightForwardReferenceForEveryArity() {
        for (int arity = 2; arity <= 10; arity++) {
            for (int depth = 1; Topology.nodeCount(arity, depth) <= 400; depth++) {
                Topology topology = Topology.of(arity, depth);
                ReferenceOverlay reference = new ReferenceOverlay(arity, depth);
                assertThat(topology.nodes().stream().map(Node::label).collect(Collectors.toList()))
                        .containsExactlyElementsOf(reference.labels);
                assertThat(Set.copyOf(topology.links())).isEqualTo(reference.links());
                assertThat(topology.links()).isSortedAccordingTo((x, y) -> {
                    int first = Labels.ORDER.compare(x.a(), y.a());
                    return first != 0 ? first : Labels.ORDER.compare(x.b(), y.b());
                });
                for (String label : reference.labels) {
                    assertThat(topology.neighbours(label)).containsExactlyElementsOf(reference.neighbours.get(label));
                }
            }
        }
    }

    @Test
    void shortestRoutesTakeThePairsPickAmongTheCloserNeighbours() {
        assertThat(small.route("00", "11").path()).containsExactly("00", "01", "11");
        assertThat(small.route("root", "11").path()).containsExactly("root", "1", "11");
        assertThat(small.route("11", "root").path()).containsExactly("11", "1", "root");
        assertThat(small.route("00", "1").path()).containsExactly("00", "0", "1");
        assertThat(small.route("01", "01").path()).containsExactly("01");
        Topology deeper = Topology.of(2, 3);
        assertThat(deeper.route("011", "110").path()).containsExactly("011", "110");
        // 001 and 100 are both one step closer to 111; the pair (000, 111) picks 100
        assertThat(deeper.route("000", "111").path()).containsExactly("000", "100", "110", "111");
        assertThat(RoutingTable.of(deeper, "000").closerNeighbours("111")).containsExactly("001", "100");
    }

    @Test
    void failedNodesAreRoutedAround() {
        assertThat(small.route("00", "11", Set.of("01")).path()).containsExactly("00", "10", "11");
        assertThat(small.route("00", "11", Set.of("01", "10")).path()).containsExactly("00", "0", "1", "11");
    }

    @Test
    void noRouteIsAClearException() {
        assertThatThrownBy(() -> small.route("00", "11", Set.of("0", "01", "10")))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("no route from 00 to 11 avoiding [0, 01, 10]");
        assertThatThrownBy(() -> small.route("00", "11", Set.of("11")))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("destination 11 is failed");
        assertThatThrownBy(() -> small.route("00", "11", Set.of("00")))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("source 00 is failed");
        assertThatThrownBy(() -> small.route("02", "11"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("unknown source label '02' (arity 2, depth 2)");
        assertThatThrownBy(() -> small.route("00", "111"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("unknown destination label '111' (arity 2, depth 2)");
    }

    @Test
    void badParametersAndLabelsAreRejected() {
        assertThatThrownBy(() -> Topology.of(1, 2)).hasMessage("arity must be between 2 and 10, got 1");
        assertThatThrownBy(() -> Topology.of(11, 2)).hasMessage("arity must be between 2 and 10, got 11");
        assertThatThrownBy(() -> Topology.of(2, 0)).hasMessage("depth must be at least 1, got 0");
        assertThatThrownBy(() -> Topology.of(10, 7)).hasMessageContaining("11111111 nodes; at most 5000000");
        assertThatThrownBy(() -> Topology.of(2, 80)).hasMessageContaining("too many nodes");
        assertThat(small.contains("root")).isTrue();
        assertThat(small.contains("")).isFalse();
        assertThat(small.contains("2")).isFalse();
        assertThat(small.contains("000")).isFalse();
        assertThat(small.contains("0a")).isFalse();
        assertThat(small.contains(null)).isFalse();
        assertThatThrownBy(() -> small.neighbours("x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown node label 'x' in topology arity 2 depth 2");
    }

    @Test
    void largeOverlaysBuildWithoutTables() {
        Topology large = Topology.of(2, 18);
        assertThat(large.size()).isEqualTo(524_287);
        assertThat(large.linked("01101", "1101")).isTrue();
        Route route = large.labelRoute("0000000000", "111111111111111111");
        assertThat(route.hops()).isEqualTo(18);
        List<String> path = route.path();
        for (int k = 1; k < path.size(); k++) {
            assertThat(large.linked(path.get(k - 1), path.get(k))).isTrue();
        }
    }

    @Test
    void labelsOutsideAreTheLabelsNeitherLiveNorSelf() {
        Topology topology = Topology.of(2, 2);
        assertThat(topology.labelsOutside(Set.of("root", "0", "1", "00", "01", "10", "11"), "1"))
                .isEmpty();
        // self counts as present; labels of other topologies are ignored
        assertThat(topology.labelsOutside(Set.of("root", "0", "00", "01", "10", "11", "222"), "1"))
                .isEmpty();
        assertThat(topology.labelsOutside(Set.of("root", "0", "00", "222"), "1"))
                .containsExactlyInAnyOrder("01", "10", "11");
        assertThat(topology.labelsOutside(Set.of(), "root")).hasSize(6).doesNotContain("root");
    }
}
