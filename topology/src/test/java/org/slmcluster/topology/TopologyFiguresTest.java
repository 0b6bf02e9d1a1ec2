package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class TopologyFiguresTest {

    @Test
    void arityTwoDepthTwoByHand() {
        TopologyFigures figures = TopologyFigures.of(Topology.of(2, 2));
        assertThat(figures.nodeCount()).isEqualTo(7);
        assertThat(figures.linkCount()).isEqualTo(14);
        assertThat(figures.minDegree()).isEqualTo(2);
        assertThat(figures.maxDegree()).isEqualTo(5);
        assertThat(figures.diameter()).isEqualTo(2);
        // distance sums per source: root 10, 0 7, 1 7, 00 9, 01 7, 10 7, 11 9 = 56 over 42 ordered pairs
        assertThat(figures.averagePathLength()).isCloseTo(56.0 / 42, offset(1e-12));
        assertThat(figures.exact()).isTrue();
        // tree: 2 links with 3 nodes below, 4 with 1 below: 2 * (2*3*4 + 4*1*6) = 96 over 42
        assertThat(figures.tree()).isEqualTo(new TopologyFigures.TreeFigures(6, 4, 96.0 / 42));
    }

    @Test
    void treeFiguresMatchABreadthFirstSearchOfTheTree() {
        for (int arity = 2; arity <= 10; arity++) {
            for (int depth = 1; Topology.nodeCount(arity, depth) <= 400; depth++) {
                Topology topology = Topology.of(arity, depth);
                int n = topology.size();
                int[][] treeNeighbours = new int[n][];
                for (int i = 0; i < n; i++) {
                    java.util.List<Integer> around = new java.util.ArrayList<>();
                    String label = topology.label(i);
                    for (String other : topology.neighbours(label)) {
                        String child = label.equals(Labels.ROOT) ? other : other;
                        boolean isChild = other.length() == (label.equals(Labels.ROOT) ? 1 : label.length() + 1)
                                && (label.equals(Labels.ROOT) || other.startsWith(label));
                        boolean isParent = label.equals(Labels.ROOT)
                                ? false
                                : label.length() == 1
                                        ? other.equals(Labels.ROOT)
                                        : other.equals(label.substring(0, label.length() - 1));
                        if (isChild || isParent) {
                            around.add(topology.indexOf(child));
                        }
                    }
                    treeNeighbours[i] =
                            around.stream().mapToInt(Integer::intValue).toArray();
                }
                long sum = 0;
                int diameter = 0;
                for (int s = 0; s < n; s++) {
                    int[] distance = new int[n];
                    java.util.Arrays.fill(distance, -1);
                    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(java.util.List.of(s));
                    distance[s] = 0;
                    while (!queue.isEmpty()) {
                        int at = queue.poll();
                        sum += distance[at];
                        diameter = Math.max(diameter, distance[at]);
                        for (int next : treeNeighbours[at]) {
                            if (distance[next] < 0) {
                                distance[next] = distance[at] + 1;
                                queue.add(next);
                            }
                        }
                    }
                }
                TopologyFigures.TreeFigures tree = TopologyFigures.treeFigures(arity, depth);
                assertThat(tree.linkCount()).isEqualTo(n - 1);
                assertThat(tree.diameter()).isEqualTo(diameter);
                assertThat(tree.averagePathLength()).isCloseTo((double) sum / ((long) n * (n - 1)), offset(1e-9));
            }
        }
    }

    @Test
    void largeOverlaysAreSampledAndSaySo() {
        Topology topology = Topology.of(3, 6);
        TopologyFigures exact = TopologyFigures.of(topology);
        TopologyFigures sampled = TopologyFigures.of(topology, 1);
        assertThat(exact.exact()).isTrue();
        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.sampledSources()).isEqualTo(64);
        assertThat(sampled.diameter()).isLessThanOrEqualTo(exact.diameter());
        assertThat(sampled.averagePathLength()).isCloseTo(exact.averagePathLength(), offset(0.25));
        assertThat(sampled.maxDegree()).isEqualTo(exact.maxDegree());
        assertThat(sampled.tree()).isEqualTo(exact.tree());
        assertThat(exact.diameter()).isEqualTo(6);
        assertThat(sampled.diameterExact()).isEqualTo(sampled.diameter() == 6);
    }
}
