package org.slmcluster.benchmarks.topology;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slmcluster.topology.LabelRoutes;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Route;
import org.slmcluster.topology.RoutingTable;
import org.slmcluster.topology.RoutingTables;
import org.slmcluster.topology.Topology;

/**
 * Route look-ups on the tree + De Bruijn overlay, per look-up of a random (source, destination) pair:
 * a router's next hop from its own table, a whole route along all nodes' tables, the label-based route and
 * next hop (no tables), a router rebuilding its own table around 5% failed nodes, and the fault-tolerant
 * route (one BFS in the graph without those nodes).
 * Sizes: "arity:depth" (2:8 = 511 nodes, 2:11 = 4,095, 4:6 = 5,461). Run:
 * {@code java -cp benchmarks/target/benchmarks-*.jar:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main TopologyRoute}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TopologyRouteBenchmark {

    @Param({"2:8", "2:11", "4:6"})
    public String shape;

    private static final int PAIRS = 1024;

    private Topology topology;
    private RoutingTables tables;
    private RoutingTable[] ownTables;
    private String[] from;
    private String[] to;
    private Set<String> failed;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        String[] parts = shape.split(":");
        topology = Topology.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        tables = RoutingTables.of(topology);
        List<Node> nodes = topology.nodes();
        Random random = new Random(42);
        from = new String[PAIRS];
        to = new String[PAIRS];
        ownTables = new RoutingTable[PAIRS];
        failed = new java.util.HashSet<>();
        while (failed.size() < topology.size() / 20) {
            failed.add(nodes.get(random.nextInt(nodes.size())).label());
        }
        for (int k = 0; k < PAIRS; k++) {
            String a;
            String b;
            do {
                a = nodes.get(random.nextInt(nodes.size())).label();
                b = nodes.get(random.nextInt(nodes.size())).label();
            } while (failed.contains(a) || failed.contains(b));
            from[k] = a;
            to[k] = b;
            ownTables[k] = tables.table(a);
        }
    }

    private int pick() {
        next = (next + 1) & (PAIRS - 1);
        return next;
    }

    @Benchmark
    public String tableNextHop() {
        int k = pick();
        return ownTables[k].nextHop(to[k]);
    }

    @Benchmark
    public Route tableRoute() {
        int k = pick();
        return tables.route(from[k], to[k]);
    }

    @Benchmark
    public Route labelRoute() {
        int k = pick();
        return LabelRoutes.route(topology.arity(), from[k], to[k]);
    }

    @Benchmark
    public String labelNextHop() {
        int k = pick();
        return LabelRoutes.nextHop(topology.arity(), from[k], to[k]);
    }

    /** What a router pays when the failed set changes: its own table again (degree + 1 BFS). */
    @Benchmark
    public RoutingTable ownTableRebuildAvoidingFailed() {
        int k = pick();
        return RoutingTable.of(topology, from[k], failed);
    }

    @Benchmark
    public Route faultTolerantRoute() {
        int k = pick();
        try {
            return topology.route(from[k], to[k], failed);
        } catch (org.slmcluster.topology.NoRouteException cutOff) {
            return null;
        }
    }
}
