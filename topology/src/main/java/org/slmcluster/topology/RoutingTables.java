package org.slmcluster.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The next-hop tables of every node at once, for simulations, tests and benchmarks of small overlays:
 * one BFS per destination, O(N * (N + E)) time, and one byte per (node, destination) pair (the slot of the
 * next hop in the node's adjacency list), so N = 4095 takes 16 MB. Capped at {@link #MAX_NODES} nodes;
 * beyond that use one {@link RoutingTable} per node or {@link LabelRoutes}. Immutable and thread-safe.
 */
public final class RoutingTables {

    /** 20,000 nodes take 400 MB of tables and a few seconds to build. */
    public static final int MAX_NODES = 20_000;

    private static final byte UNREACHABLE = -1;
    private static final byte ARRIVED = -2;

    private final Topology topology;
    private final Set<String> failed;
    private final boolean[] blocked;
    /** slot[from * N + to]: position of the next hop in from's adjacency list (degree <= 4d+2 <= 42). */
    private final byte[] slot;

    private RoutingTables(Topology topology, Set<String> failed) {
        int size = topology.size();
        if (size > MAX_NODES) {
            throw new IllegalArgumentException("all-node routing tables are limited to " + MAX_NODES
                    + " nodes, this topology has " + size + "; use RoutingTable per node or LabelRoutes");
        }
        this.topology = topology;
        this.failed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(failed));
        this.blocked = topology.blocked(failed);
        this.slot = new byte[size * size];
        java.util.Arrays.fill(slot, UNREACHABLE);
        int[] distance = new int[size];
        int[] queue = new int[size];
        for (int target = 0; target < size; target++) {
            int reached = topology.distancesFrom(target, blocked, distance, queue);
            for (int q = 0; q < reached; q++) {
                int from = queue[q];
                if (from == target) {
                    slot[from * size + target] = ARRIVED;
                    continue;
                }
                int wanted = distance[from] - 1;
                int start = topology.neighbourStart(from);
                for (int k = start; k < topology.neighbourEnd(from); k++) {
                    int n = topology.neighbourAt(k);
                    if (distance[n] == wanted && !blocked[n]) {
                        slot[from * size + target] = (byte) (k - start);
                        break;
                    }
                }
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

    /** The next hop from {@code from} towards {@code to} ({@code to} itself when already there). */
    public String nextHop(String from, String to) {
        return topology.label(nextHopIndex(checked(from, "source"), checked(to, "destination")));
    }

    /** The whole route, hop by hop on the tables; equal to {@code topology.route(from, to, failed)}. */
    public Route route(String from, String to) {
        int at = checked(from, "source");
        int target = checked(to, "destination");
        List<String> path = new ArrayList<>();
        path.add(topology.label(at));
        while (at != target) {
            at = nextHopIndex(at, target);
            path.add(topology.label(at));
        }
        return new Route(path);
    }

    /** Hops from {@code from} to {@code to} along the tables. */
    public int distance(String from, String to) {
        int at = checked(from, "source");
        int target = checked(to, "destination");
        int hops = 0;
        while (at != target) {
            at = nextHopIndex(at, target);
            hops++;
        }
        return hops;
    }

    /** One node's table, with distances, as its router would hold it. */
    public RoutingTable table(String self) {
        int source = checked(self, "node");
        int size = topology.size();
        int[] next = new int[size];
        int[] distance = new int[size];
        for (int target = 0; target < size; target++) {
            byte s = slot[source * size + target];
            if (s == UNREACHABLE) {
                next[target] = -1;
                distance[target] = -1;
            } else {
                next[target] = nextHopIndex(source, target);
                int hops = 0;
                for (int at = source; at != target; at = nextHopIndex(at, target)) {
                    hops++;
                }
                distance[target] = hops;
            }
        }
        return new RoutingTable(topology, source, failed, next, distance);
    }

    private int nextHopIndex(int from, int target) {
        byte s = slot[from * topology.size() + target];
        if (s == ARRIVED) {
            return from;
        }
        if (s == UNREACHABLE) {
            throw new NoRouteException(
                    "no route from " + topology.label(from) + " to " + topology.label(target) + " avoiding " + failed);
        }
        return topology.neighbourAt(topology.neighbourStart(from) + s);
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
