package org.slmcluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties over random arity 2..10 and depth, sizes bounded so that BFS checks stay fast. */
class TopologyPropertiesTest {

    /** A topology with a random pair of nodes and a random set of failed nodes (never an endpoint). */
    record Case(Topology topology, String from, String to, Set<String> failed) {}

    private static final int MAX_NODES = 800;

    @Provide
    Arbitrary<Topology> topologies() {
        return Arbitraries.integers().between(2, 10).flatMap(arity -> {
            int maxDepth = 1;
            while (Topology.nodeCount(arity, maxDepth + 1) <= MAX_NODES) {
                maxDepth++;
            }
            return Arbitraries.integers().between(1, maxDepth).map(depth -> Topology.of(arity, depth));
        });
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                        topologies(),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 60))
                .as((topology, seed, failedPercent) -> {
                    Random random = new Random(seed);
                    int size = topology.size();
                    String from = topology.nodes().get(random.nextInt(size)).label();
                    String to = topology.nodes().get(random.nextInt(size)).label();
                    Set<String> failed = new HashSet<>();
                    int count = size * failedPercent / 100;
                    for (int k = 0; k < count; k++) {
                        failed.add(topology.nodes().get(random.nextInt(size)).label());
                    }
                    failed.remove(from);
                    failed.remove(to);
                    return new Case(topology, from, to, failed);
                });
    }

    @Property(tries = 150)
    void shortestRoutesFollowLinksAndHaveTheBfsLength(@ForAll("cases") Case c) {
        Route route = c.topology().route(c.from(), c.to());
        assertFollowsLinks(c.topology(), route, c.from(), c.to());
        int[] distance = c.topology().distancesFrom(c.from(), Set.of());
        assertThat(route.hops()).isEqualTo(distance[c.topology().indexOf(c.to())]);
    }

    @Property(tries = 100)
    void faultTolerantRoutesAvoidFailedNodesAndAreShortestInTheRest(@ForAll("cases") Case c) {
        Integer reference = new ReferenceOverlay(
                        c.topology().arity(), c.topology().depth())
                .distancesFrom(c.from(), c.failed())
                .get(c.to());
        if (reference == null) {
            assertThatThrownBy(() -> c.topology().route(c.from(), c.to(), c.failed()))
                    .isInstanceOf(NoRouteException.class)
                    .hasMessageStartingWith("no route from " + c.from() + " to " + c.to());
            return;
        }
        Route route = c.topology().route(c.from(), c.to(), c.failed());
        assertFollowsLinks(c.topology(), route, c.from(), c.to());
        assertThat(route.path()).allSatisfy(label -> assertThat(c.failed()).doesNotContain(label));
        assertThat(route.hops()).isEqualTo(reference);
    }

    @Property(tries = 100)
    void hopByHopForwardingOnNodeTablesReproducesTheRoute(@ForAll("cases") Case c) {
        Topology topology = c.topology();
        List<String> path = new ArrayList<>(List.of(c.from()));
        String at = c.from();
        try {
            while (!at.equals(c.to())) {
                RoutingTable table = RoutingTable.of(topology, at, c.failed());
                if (at.equals(c.from())) {
                    assertThat(table.distance(c.to()))
                            .isEqualTo(
                                    topology.route(c.from(), c.to(), c.failed()).hops());
                }
                at = table.nextHop(c.from(), c.to());
                path.add(at);
                assertThat(path.size()).isLessThanOrEqualTo(topology.size());
            }
        } catch (NoRouteException tableSaysNoRoute) {
            assertThatThrownBy(() -> topology.route(c.from(), c.to(), c.failed()))
                    .isInstanceOf(NoRouteException.class);
            return;
        }
        assertThat(path).isEqualTo(topology.route(c.from(), c.to(), c.failed()).path());
    }

    @Property(tries = 40)
    void allNodeTablesGiveTheRouteForEveryPair(@ForAll("cases") Case c) {
        Topology topology = c.topology();
        if (topology.size() > 400) {
            topology = Topology.of(topology.arity(), 1);
        }
        RoutingTables tables = RoutingTables.of(topology, c.failed());
        Random random = new Random(topology.size());
        for (int k = 0; k < 50; k++) {
            String from = topology.nodes().get(random.nextInt(topology.size())).label();
            String to = topology.nodes().get(random.nextInt(topology.size())).label();
            Route expected;
            try {
                expected = topology.route(from, to, c.failed());
            } catch (NoRouteException none) {
                assertThatThrownBy(() -> tables.route(from, to)).isInstanceOf(NoRouteException.class);
                continue;
            }
            assertThat(tables.route(from, to)).isEqualTo(expected);
            assertThat(tables.distance(from, to)).isEqualTo(expected.hops());
            assertThat(tables.table(from).nextHop(to)).isEqualTo(expected.nextHopAfter(from));
        }
    }

    @Property(tries = 300)
    void labelRoutesAlwaysArriveAlongLinksAndEqualTheTableRoute(@ForAll("cases") Case c) {
        Route route = c.topology().labelRoute(c.from(), c.to());
        assertFollowsLinks(c.topology(), route, c.from(), c.to());
        int shortest = c.topology().route(c.from(), c.to()).hops();
        assertThat(route.hops()).isEqualTo(shortest);
        // hop by hop, the pair's pick among the neighbours one step closer: the very route the tables give
        assertThat(route).isEqualTo(c.topology().route(c.from(), c.to()));
        assertThat(route.hops()).isLessThanOrEqualTo(Math.max(Labels.level(c.from()), Labels.level(c.to())));
        assertThat(LabelRoutes.hops(c.from(), c.to())).isEqualTo(route.hops());
    }

    private static final java.util.Map<Integer, Topology> LARGE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Label routes on overlays of 60,000 to 200,000 nodes, against one BFS each. */
    @Property(tries = 60)
    void labelRoutesEqualTheTableRouteOnLargeOverlaysToo(
            @ForAll @IntRange(min = 0, max = 3) int which, @ForAll long seed) {
        int[][] shapes = {{2, 16}, {3, 10}, {5, 7}, {10, 5}};
        Topology topology = LARGE.computeIfAbsent(which, k -> Topology.of(shapes[k][0], shapes[k][1]));
        Random random = new Random(seed);
        String from = topology.nodes().get(random.nextInt(topology.size())).label();
        String to = topology.nodes().get(random.nextInt(topology.size())).label();
        Route route = topology.labelRoute(from, to);
        assertFollowsLinks(topology, route, from, to);
        assertThat(route).isEqualTo(topology.route(from, to));
    }

    @Property(tries = 200)
    void forwardingOnLabelNextHopsArrivesWithinTheLabelRouteLength(@ForAll("cases") Case c) {
        int budget = LabelRoutes.hops(c.from(), c.to());
        String at = c.from();
        int hops = 0;
        while (!at.equals(c.to())) {
            String next = LabelRoutes.nextHop(c.topology().arity(), at, c.to());
            assertThat(c.topology().linked(at, next)).isTrue();
            at = next;
            hops++;
            assertThat(hops).isLessThanOrEqualTo(budget);
        }
    }

    /**
     * Degree bound, derived from the link rules: a node on level L has 1 parent, d children, d in-level
     * successors x2..xL a, d in-level predecessors a x1..x(L-1), 1 drop-first neighbour and d prepend
     * neighbours a x1..xL: at most 4d + 2, whatever the depth. The bound is met exactly from depth 4 on
     * (label 001 on level 3 has no coinciding neighbours); depth 3 reaches 4d + 1 (on level 2 a successor
     * always equals a predecessor), depth 2 reaches 3d - 1 (level 1) and depth 1 has degree d everywhere.
     * The root, with its d children, has the minimum degree d.
     */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void degreeStaysBoundedAsDepthGrows(@ForAll @IntRange(min = 2, max = 10) int arity) {
        for (int depth = 1; depth <= 4 || Topology.nodeCount(arity, depth) <= 100_000; depth++) {
            TopologyFigures figures = TopologyFigures.of(Topology.of(arity, depth), 1);
            int expectedMax =
                    depth == 1 ? arity : depth == 2 ? 3 * arity - 1 : depth == 3 ? 4 * arity + 1 : 4 * arity + 2;
            assertThat(figures.maxDegree())
                    .as("max degree, arity %d depth %d", arity, depth)
                    .isEqualTo(expectedMax);
            assertThat(figures.maxDegree()).isLessThanOrEqualTo(4 * arity + 2);
            assertThat(figures.minDegree()).isEqualTo(arity);
        }
    }

    @Property(tries = 30)
    void figuresAgreeWithBruteForceAndTheTreeIsNeverBetter(@ForAll("topologies") Topology large) {
        Topology topology = large.size() <= 300 ? large : Topology.of(large.arity(), 2);
        TopologyFigures figures = TopologyFigures.of(topology);
        ReferenceOverlay reference = new ReferenceOverlay(topology.arity(), topology.depth());
        long sum = 0;
        int diameter = 0;
        for (String label : reference.labels) {
            for (int d : reference.distancesFrom(label, Set.of()).values()) {
                sum += d;
                diameter = Math.max(diameter, d);
            }
        }
        int n = topology.size();
        assertThat(figures.exact()).isTrue();
        assertThat(figures.diameter()).isEqualTo(diameter);
        assertThat(figures.averagePathLength())
                .isCloseTo((double) sum / ((long) n * (n - 1)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(figures.linkCount()).isEqualTo(reference.links().size());
        assertThat(figures.tree().linkCount()).isEqualTo(n - 1);
        assertThat(figures.diameter()).isLessThanOrEqualTo(figures.tree().diameter());
        // the label route never takes more than max(level(s), level(t)) hops
        assertThat(figures.diameter()).isLessThanOrEqualTo(topology.depth());
        assertThat(figures.averagePathLength())
                .isLessThanOrEqualTo(figures.tree().averagePathLength());
    }

    static void assertFollowsLinks(Topology topology, Route route, String from, String to) {
        assertThat(route.source()).isEqualTo(from);
        assertThat(route.destination()).isEqualTo(to);
        List<String> path = route.path();
        for (int k = 1; k < path.size(); k++) {
            assertThat(topology.linked(path.get(k - 1), path.get(k)))
                    .as("%s -- %s on %s", path.get(k - 1), path.get(k), path)
                    .isTrue();
        }
    }
}
