package org.slmcluster.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The next-hop tables of every node at once, for simulations, tests and benchmarks of small overlays:
 * one BFS per destination, O(N * (N + E)) time, and one byte per (node, destination) pair (the hop
 * distance), so N = 4095 takes 16 MB. A next hop is then the neighbour {@link PairTieBreak} picks among
 * those one step closer (the same rule as {@link Topology#route} and {@link RoutingTable}). Capped at
 * {@link #MAX_NODES} nodes; beyond that use one {@link RoutingTable} per node or {@link LabelRoutes}.
 * Immutable and thread-safe.
 */
public final class RoutingTables {

    /** 20,000 nodes take 400 MB of tables and a few seconds to build. */
    public static final int MAX_NODES = 20_000;

    /** A distance byte (read unsigned) meaning "cannot be reached". */
    private static final int UNREACHABLE = 0xFF;

    private final Topology topology;
    private final Set<String> failed;
    private final boolean[] blocked;
    /** hops[from * N + to], read unsigned: the hop distance, {@link #UNREACHABLE} when cut off or failed. */
    private final byte[] hops;

    private RoutingTables(Topology topology, Set<String> failed) {
        int size = topology.size();
        if (size > MAX_NODES) {
            throw new IllegalArgumentException("all-node routing tables are limited to " + MAX_NODES
                    + " nodes, this topology has " + size + "; use RoutingTable per node or LabelRoutes");
        }
        this.topology = topology;
        this.failed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(failed));
        this.blocked = topology.blocked(failed);
        this.hops = new byte[size * size];
        java.util.Arrays.fill(hops, (byte) UNREACHABLE);
        int[] distance = new int[size];
        int[] queue = new int[size];
        for (int target = 0; target < size; target++) {
            int reached = topology.distancesFrom(target, blocked, distance, queue);
            for (int q = 0; q < reached; q++) {
                int from = queue[q];
                if (distance[from] >= UNREACHABLE) {
                    throw new IllegalStateException("routes of " + UNREACHABLE + " hops or more around " + failed
                            + " do not fit the all-node tables; use RoutingTable per node");
                }
                hops[from * size + target] = (byte) distance[from];
            }
        }
    }

    public static RoutingTables of(Topology topology) {
        return of(topology, Set.of());
    }

    /** Tables of every node in the graph without the {@code failed} nodes. */
    public static RoutingTables of(Topology topology, Set<String> failed) {
        return new RoutingTables(topology, failed);
    }

    public Topology topology() {
        return topology;
    }

    public Set<String> failed() {
        return failed;
    }

    /** The next hop from {@code from} towards {@code to} for a message that starts at {@code from}. */
    public String nextHop(String from, String to) {
        return nextHop(from, from, to);
    }

    /**
     * The next hop at {@code at} of a message from {@code source} to {@code to} ({@code to} itself when
     * already there).
     */
    public String nextHop(String source, String at, String to) {
        return topology.label(nextHopIndex(source, checked(at, "node"), checked(to, "destination"), to));
    }

    /** The whole route, hop by hop on the tables; equal to {@code topology.route(from, to, failed)}. */
    public Route route(String from, String to) {
        int at = checked(from, "source");
        int target = checked(to, "destination");
        List<String> path = new ArrayList<>();
        path.add(topology.label(at));
        while (at != target) {
            at = nextHopIndex(from, at, target, to);
            path.add(topology.label(at));
        }
        return new Route(path);
    }

    /** Hops from {@code from} to {@code to}. */
    public int distance(String from, String to) {
        int hop = distanceIndex(checked(from, "source"), checked(to, "destination"));
        if (hop == UNREACHABLE) {
            throw new NoRouteException("no route from " + from + " to " + to + " avoiding " + failed);
        }
        return hop;
    }

    /** One node's table, with distances, as its router would hold it. */
    public RoutingTable table(String self) {
        int source = checked(self, "node");
        int size = topology.size();
        long[] closer = new long[size];
        int[] distance = new int[size];
        for (int target = 0; target < size; target++) {
            int hop = distanceIndex(source, target);
            distance[target] = hop == UNREACHABLE ? -1 : hop;
            if (hop != UNREACHABLE && hop > 0) {
                closer[target] = closerMask(source, target, hop);
            }
        }
        return new RoutingTable(topology, source, failed, closer, distance);
    }

    private int distanceIndex(int from, int target) {
        return hops[from * topology.size() + target] & 0xFF;
    }

    private long closerMask(int from, int target, int hop) {
        long mask = 0;
        int start = topology.neighbourStart(from);
        for (int k = start; k < topology.neighbourEnd(from); k++) {
            if (distanceIndex(topology.neighbourAt(k), target) == hop - 1) {
                mask |= 1L << (k - start);
            }
        }
        return mask;
    }

    private int nextHopIndex(String source, int from, int target, String destination) {
        if (from == target) {
            return from;
        }
        int hop = distanceIndex(from, target);
        if (hop == UNREACHABLE) {
            throw new NoRouteException(
                    "no route from " + topology.label(from) + " to " + topology.label(target) + " avoiding " + failed);
        }
        long mask = closerMask(from, target, hop);
        int slot = PairTieBreak.nthSetBit(mask, PairTieBreak.pick(source, destination, Long.bitCount(mask)));
        return topology.neighbourAt(topology.neighbourStart(from) + slot);
    }

    private int checked(String label, String role) {
        int i = label == null ? -1 : topology.indexOrMinusOne(label);
        if (i < 0) {
            throw new NoRouteException("unknown " + role + " label '" + label + "' (arity " + topology.arity()
                    + ", depth " + topology.depth() + ")");
        }
        if (blocked[i]) {
            throw new NoRouteException(role + " " + label + " is failed");
        }
        return i;
    }
}
