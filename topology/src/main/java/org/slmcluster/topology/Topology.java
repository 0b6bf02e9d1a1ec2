package org.slmcluster.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tree + De Bruijn overlay of arity d and depth h (see docs/ARCHITECTURE.md for the exact links).
 *
 * <p>Immutable and thread-safe. Each adjacency list is kept in {@link Labels#ORDER}, so taking the first
 * neighbour that is one step closer yields the deterministic "smallest next hop" tie-break.
 */
public final class Topology {

    public static final int MIN_ARITY = 2;
    public static final int MAX_ARITY = 10;

    private final int arity;
    private final int depth;
    private final List<Node> nodes;
    private final Map<String, Integer> index;
    /** Neighbour indices per node, sorted by the neighbours' labels in {@link Labels#ORDER}. */
    private final int[][] adjacency;
    private final List<Link> links;

    private Topology(int arity, int depth) {
        this.arity = arity;
        this.depth = depth;
        List<Node> all = new ArrayList<>();
        all.add(new Node(Labels.ROOT, 0));
        List<String> previous = List.of("");
        for (int level = 1; level <= depth; level++) {
            List<String> current = new ArrayList<>(previous.size() * arity);
            for (String prefix : previous) {
                for (int digit = 0; digit < arity; digit++) {
                    current.add(prefix + digit);
                }
            }
            for (String label : current) {
                all.add(new Node(label, level));
            }
            previous = current;
        }
        this.nodes = List.copyOf(all);
        this.index = new HashMap<>(nodes.size() * 2);
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).label(), i);
        }

        Set<Link> linkSet = new TreeSet<>((x, y) -> {
            int first = Labels.ORDER.compare(x.a(), y.a());
            return first != 0 ? first : Labels.ORDER.compare(x.b(), y.b());
        });
        for (Node node : nodes) {
            String label = node.label();
            int level = node.level();
            if (level == 0) {
                continue;
            }
            addLink(linkSet, label, level == 1 ? Labels.ROOT : label.substring(0, level - 1));
            String shifted = label.substring(1);
            for (int digit = 0; digit < arity; digit++) {
                addLink(linkSet, label, shifted + digit);
            }
            if (level >= 2) {
                addLink(linkSet, label, shifted);
            }
        }
        this.links = List.copyOf(linkSet);

        List<List<Integer>> neighbourLists = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            neighbourLists.add(new ArrayList<>());
        }
        for (Link link : links) {
            int a = index.get(link.a());
            int b = index.get(link.b());
            neighbourLists.get(a).add(b);
            neighbourLists.get(b).add(a);
        }
        this.adjacency = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            adjacency[i] = neighbourLists.get(i).stream()
                    .sorted((x, y) -> Labels.ORDER.compare(nodes.get(x).label(), nodes.get(y).label()))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
    }

    private static void addLink(Set<Link> links, String a, String b) {
        if (!a.equals(b)) {
            links.add(new Link(a, b));
        }
    }

    /** Builds the overlay; arity 2..10, depth at least 1. */
    public static Topology of(int arity, int depth) {
        if (arity < MIN_ARITY || arity > MAX_ARITY) {
            throw new IllegalArgumentException("arity must be between " + MIN_ARITY + " and " + MAX_ARITY + ", got " + arity);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        long count = nodeCount(arity, depth);
        if (count > 5_000_000L) {
            throw new IllegalArgumentException("arity " + arity + " and depth " + depth + " give " + count
                    + " nodes; at most 5,000,000 are supported");
        }
        return new Topology(arity, depth);
    }

    /** N = (d^(h+1) - 1) / (d - 1), computed without building anything. */
    public static long nodeCount(int arity, int depth) {
        long total = 0;
        long levelSize = 1;
        for (int level = 0; level <= depth; level++) {
            total += levelSize;
            if (total > Long.MAX_VALUE / arity) {
                return Long.MAX_VALUE;
            }
            levelSize *= arity;
        }
        return total;
    }

    public int arity() {
        return arity;
    }

    public int depth() {
        return depth;
    }

    /** All nodes, root first, then level by level in label order. */
    public List<Node> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    public List<Link> links() {
        return links;
    }

    public boolean contains(String label) {
        return index.containsKey(label);
    }

    public Node node(String label) {
        return nodes.get(indexOf(label));
    }

    /** Neighbours of a node in label order. */
    public List<String> neighbours(String label) {
        int[] around = adjacency[indexOf(label)];
        List<String> result = new ArrayList<>(around.length);
        for (int n : around) {
            result.add(nodes.get(n).label());
        }
        return Collections.unmodifiableList(result);
    }

    public boolean linked(String a, String b) {
        int target = indexOf(b);
        for (int n : adjacency[indexOf(a)]) {
            if (n == target) {
                return true;
            }
        }
        return false;
    }

    public int degree(String label) {
        return adjacency[indexOf(label)].length;
    }

    /** Shortest route, ties broken towards the smallest next hop. */
    public Route route(String from, String to) {
        return route(from, to, Set.of());
    }

    /**
     * Shortest route in the graph without the failed nodes. Throws {@link NoRouteException} naming the
     * reason when an endpoint is unknown or failed, or when the failures cut the endpoints apart.
     */
    public Route route(String from, String to, Set<String> failed) {
        int source = indexForRoute(from, "source");
        int target = indexForRoute(to, "destination");
        if (failed.contains(from)) {
            throw new NoRouteException("source " + from + " is failed");
        }
        if (failed.contains(to)) {
            throw new NoRouteException("destination " + to + " is failed");
        }
        boolean[] blocked = new boolean[nodes.size()];
        for (String label : failed) {
            Integer i = index.get(label);
            if (i != null) {
                blocked[i] = true;
            }
        }
        // BFS from the destination; walking forward from the source and always taking the smallest
        // neighbour one step closer gives the smallest-next-hop tie-break at every hop.
        int[] distance = distancesFrom(target, blocked);
        if (distance[source] < 0) {
            throw new NoRouteException("no route from " + from + " to " + to + " avoiding " + new TreeSet<>(failed));
        }
        List<String> path = new ArrayList<>(distance[source] + 1);
        int at = source;
        path.add(nodes.get(at).label());
        while (at != target) {
            int next = -1;
            for (int n : adjacency[at]) {
                if (!blocked[n] && distance[n] == distance[at] - 1) {
                    next = n;
                    break;
                }
            }
            at = next;
            path.add(nodes.get(at).label());
        }
        return new Route(path);
    }

    /** Hop distance from {@code label} to every node (in {@link #nodes()} order), -1 where unreachable. */
    public int[] distancesFrom(String label, Set<String> failed) {
        boolean[] blocked = new boolean[nodes.size()];
        for (String f : failed) {
            Integer i = index.get(f);
            if (i != null) {
                blocked[i] = true;
            }
        }
        return distancesFrom(indexOf(label), blocked);
    }

    int[] distancesFrom(int start, boolean[] blocked) {
        int[] distance = new int[nodes.size()];
        Arrays.fill(distance, -1);
        if (blocked[start]) {
            return distance;
        }
        int[] queue = new int[nodes.size()];
        int head = 0;
        int tail = 0;
        distance[start] = 0;
        queue[tail++] = start;
        while (head < tail) {
            int at = queue[head++];
            for (int n : adjacency[at]) {
                if (distance[n] < 0 && !blocked[n]) {
                    distance[n] = distance[at] + 1;
                    queue[tail++] = n;
                }
            }
        }
        return distance;
    }

    int indexOf(String label) {
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("unknown node label '" + label + "' in topology arity "
                    + arity + " depth " + depth);
        }
        return i;
    }

    private int indexForRoute(String label, String role) {
        Integer i = index.get(label);
        if (i == null) {
            throw new NoRouteException("unknown " + role + " label '" + label + "' (arity " + arity
                    + ", depth " + depth + ")");
        }
        return i;
    }

    /** Package-level access for route tables and figures. */
    int[][] adjacency() {
        return adjacency;
    }
}
