package org.slmcluster.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The next-hop table of one node for every destination: what a router actor holds. For each destination
 * it keeps every neighbour one step closer in the graph without the failed nodes, and a message takes the
 * one {@link PairTieBreak} picks for its (source, destination) pair: the same rule as {@link Topology#route},
 * so hop-by-hop forwarding on these tables reproduces {@code route(from, to, failed)} exactly.
 *
 * <p>Built from one BFS from the node and one from each of its neighbours (degree + 1 BFS, at most
 * 4d + 3), so a node can rebuild its table cheaply whenever the set of failed nodes changes
 * ({@link #avoiding}). Immutable and thread-safe.
 */
public final class RoutingTable {

    private final Topology topology;
    private final int self;
    private final Set<String> failed;
    /**
     * Per destination index, bit k set when this node's k-th neighbour (label order) is one step closer;
     * 0 for self and for unreachable destinations.
     */
    private final long[] closer;
    /** Hops per destination index; -1 when unreachable. */
    private final int[] distance;

    RoutingTable(Topology topology, int self, Set<String> failed, long[] closer, int[] distance) {
        this.topology = topology;
        this.self = self;
        this.failed = failed;
        this.closer = closer;
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
        long[] closer = new long[size];
        int[] viaNeighbour = new int[size];
        int start = topology.neighbourStart(source);
        for (int slot = start; slot < topology.neighbourEnd(source); slot++) {
            int neighbour = topology.neighbourAt(slot);
            if (blocked[neighbour]) {
                continue;
            }
            topology.distancesFrom(neighbour, blocked, viaNeighbour, queue);
            long bit = 1L << (slot - start);
            for (int target = 0; target < size; target++) {
                if (distance[target] > 0 && viaNeighbour[target] == distance[target] - 1) {
                    closer[target] |= bit;
                }
            }
        }
        return new RoutingTable(
                topology, source, java.util.Collections.unmodifiableSortedSet(new TreeSet<>(failed)), closer, distance);
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
     * The neighbour to forward a message from this node to {@code destination} to (this node itself when
     * it is the destination): {@code nextHop(self(), destination)}.
     * Throws {@link NoRouteException} when the destination is unknown, failed or cut off.
     */
    public String nextHop(String destination) {
        return nextHop(self(), destination);
    }

    /**
     * The neighbour to forward a message from {@code source} to {@code destination} to, when it passes
     * through this node: of the neighbours one step closer, the one {@link PairTieBreak} picks for the pair
     * (this node itself when it is the destination). Throws {@link NoRouteException} when the destination is
     * unknown, failed or cut off.
     */
    public String nextHop(String source, String destination) {
        int target = checkedTarget(destination);
        if (target == self) {
            return topology.label(self);
        }
        long mask = closer[target];
        int slot = PairTieBreak.nthSetBit(mask, PairTieBreak.pick(source, destination, Long.bitCount(mask)));
        return topology.label(topology.neighbourAt(topology.neighbourStart(self) + slot));
    }

    /** Every neighbour one step closer to {@code destination} (label order); empty for this node itself. */
    public List<String> closerNeighbours(String destination) {
        int target = checkedTarget(destination);
        List<String> labels = new ArrayList<>(Long.bitCount(closer[target]));
        for (long mask = closer[target]; mask != 0; mask &= mask - 1) {
            labels.add(topology.label(
                    topology.neighbourAt(topology.neighbourStart(self) + Long.numberOfTrailingZeros(mask))));
        }
        return labels;
    }

    /** Hops to {@code destination}; throws {@link NoRouteException} when it cannot be reached. */
    public int distance(String destination) {
        return distance[checkedTarget(destination)];
    }

    public boolean reaches(String destination) {
        int target = destination == null ? -1 : topology.indexOrMinusOne(destination);
        return target >= 0 && distance[target] >= 0;
    }

    private int checkedTarget(String destination) {
        int target = destination == null ? -1 : topology.indexOrMinusOne(destination);
        if (target < 0) {
            throw new NoRouteException("unknown destination label '" + destination + "' (arity " + topology.arity()
                    + ", depth " + topology.depth() + ")");
        }
        if (distance[target] < 0) {
            throw new NoRouteException(
                    failed.contains(destination)
                            ? "destination " + destination + " is failed"
                            : "no route from " + self() + " to " + destination + " avoiding " + failed);
        }
        return target;
    }
}
