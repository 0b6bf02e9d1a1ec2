package org.slmcluster.topology;

import java.util.Set;
import java.util.TreeSet;

/**
 * The next-hop table of one node for every destination: what a router actor holds. Next hops follow
 * the same rule as {@link Topology#route}: the smallest neighbour (in {@link Labels#ORDER}) one step closer
 * to the destination, in the graph without the failed nodes, so hop-by-hop forwarding on these tables
 * reproduces {@code route(from, to, failed)} exactly.
 *
 * <p>Built from one BFS from the node and one from each of its neighbours (degree + 1 BFS, at most
 * 4d + 3), so a node can rebuild its table cheaply whenever the set of failed nodes changes
 * ({@link #avoiding}). Immutable and thread-safe.
 */
public final class RoutingTable {

    private final Topology topology;
    private final int self;
    private final Set<String> failed;
    /** Next hop index per destination index; self for self, -1 when unreachable. */
    private final int[] nextHop;
    /** Hops per destination index; -1 when unreachable. */
    private final int[] distance;

    RoutingTable(Topology topology, int self, Set<String> failed, int[] nextHop, int[] distance) {
        this.topology = topology;
        this.self = self;
        this.failed = failed;
        this.nextHop = nextHop;
        this.distance = distance;
    }

    /** The table of {@code self} with every node up. */
    public static RoutingTable of(Topology topology, String self) {
        return of(topology, self, Set.of());
    }

    /** The table of {@code self} in the graph without the {@code failed} nodes (unknown labels are ignored). */
    public static RoutingTable of(Topology topology, String self, Set<String> failed) {
        int source = topology.indexOf(self);
        if (failed.contains(self)) {
            throw new IllegalArgumentException("cannot build the routing table of failed node " + self);
        }
        boolean[] blocked = topology.blocked(failed);
        int size = topology.size();
        int[] queue = new int[size];
        int[] distance = new int[size];
        topology.distancesFrom(source, blocked, distance, queue);
        int[] nextHop = new int[size];
        java.util.Arrays.fill(nextHop, -1);
        nextHop[source] = source;
        int[] viaNeighbour = new int[size];
        // Neighbours come in label order: the first one to claim a destination is the smallest next hop.
        for (int slot = topology.neighbourStart(source); slot < topology.neighbourEnd(source); slot++) {
            int neighbour = topology.neighbourAt(slot);
            if (blocked[neighbour]) {
                continue;
            }
            topology.distancesFrom(neighbour, blocked, viaNeighbour, queue);
            for (int target = 0; target < size; target++) {
                if (nextHop[target] < 0 && distance[target] > 0 && viaNeighbour[target] == distance[target] - 1) {
                    nextHop[target] = neighbour;
                }
            }
        }
        return new RoutingTable(
                topology,
                source,
                java.util.Collections.unmodifiableSortedSet(new TreeSet<>(failed)),
                nextHop,
                distance);
    }

    /** This node's table recomputed without the given failed nodes. */
    public RoutingTable avoiding(Set<String> failedNodes) {
        return of(topology, self(), failedNodes);
    }

    public String self() {
        return topology.label(self);
    }

    public Topology topology() {
        return topology;
    }

    /** The failed nodes this table routes around. */
    public Set<String> failed() {
        return failed;
    }

    /**
     * The neighbour to forward to for {@code destination} (this node itself when it is the destination).
     * Throws {@link NoRouteException} when the destination is unknown, failed or cut off.
     */
    public String nextHop(String destination) {
        return topology.label(nextHopIndex(destination));
    }

    /** Hops to {@code destination}; throws {@link NoRouteException} when it cannot be reached. */
    public int distance(String destination) {
        nextHopIndex(destination);
        return distance[topology.indexOrMinusOne(destination)];
    }

    public boolean reaches(String destination) {
        int target = destination == null ? -1 : topology.indexOrMinusOne(destination);
        return target >= 0 && nextHop[target] >= 0;
    }

    private int nextHopIndex(String destination) {
        int target = destination == null ? -1 : topology.indexOrMinusOne(destination);
        if (target < 0) {
            throw new NoRouteException("unknown destination label '" + destination + "' (arity " + topology.arity()
                    + ", depth " + topology.depth() + ")");
        }
        int hop = nextHop[target];
        if (hop < 0) {
            throw new NoRouteException(
                    failed.contains(destination)
                            ? "destination " + destination + " is failed"
                            : "no route from " + self() + " to " + destination + " avoiding " + failed);
        }
        return hop;
    }
}
