package org.slmcluster.topology;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tree + De Bruijn overlay of arity d and depth h (see docs/ARCHITECTURE.md for the exact links).
 *
 * <p>Immutable and thread-safe. A node's index is its position in {@link #nodes()}: root first, then level
 * by level, each level in label order, so a label is its level's offset plus its digits read in base d.
 * Links are computed from that arithmetic and stored as compact int arrays (no strings, no maps), which
 * keeps topologies of millions of nodes affordable; labels and {@link Link}s are made on demand.
 * Each adjacency list is kept in {@link Labels#ORDER}; among the neighbours one step closer to a destination
 * a route takes the one {@link PairTieBreak} picks for its (source, destination) pair.
 */
public final class Topology {

    public static final int MIN_ARITY = 2;
    public static final int MAX_ARITY = 10;
    /** The largest overlay {@link #of} builds; its adjacency alone is ~40 bytes per node for arity 2. */
    public static final long MAX_NODES = 5_000_000L;

    private final int arity;
    private final int depth;
    private final int size;
    /** levelStart[L] is the index of the first node on level L; levelStart[depth + 1] == size. */
    private final int[] levelStart;
    /** power[L] == arity^L. */
    private final int[] power;
    /** Position of each node in {@link Labels#ORDER} (a depth-first preorder of the tree). */
    private final int[] orderRank;
    /** Neighbours of node i are adjacency[adjacencyStart[i] .. adjacencyStart[i + 1]), sorted by orderRank. */
    private final int[] adjacencyStart;

    private final int[] adjacency;
    private final List<Node> nodeView;
    private volatile List<Link> links;

    private Topology(int arity, int depth) {
        this.arity = arity;
        this.depth = depth;
        this.power = new int[depth + 2];
        this.levelStart = new int[depth + 2];
        power[0] = 1;
        for (int level = 1; level <= depth + 1; level++) {
            power[level] = level <= depth ? power[level - 1] * arity : 0;
            levelStart[level] = levelStart[level - 1] + power[level - 1];
        }
        this.size = levelStart[depth + 1];
        this.orderRank = preorderRanks();
        this.adjacencyStart = new int[size + 1];
        int[] scratch = new int[4 * arity + 2];
        int[] lists = new int[size * (4 * arity + 2) / 2 + 16];
        int used = 0;
        for (int i = 0; i < size; i++) {
            int count = rawNeighbours(i, scratch);
            count = sortUniqueByRank(scratch, count, i);
            if (used + count > lists.length) {
                lists = Arrays.copyOf(lists, Math.max(lists.length * 2, used + count));
            }
            System.arraycopy(scratch, 0, lists, used, count);
            used += count;
            adjacencyStart[i + 1] = used;
        }
        this.adjacency = Arrays.copyOf(lists, used);
        this.nodeView = new NodeView();
    }

    /** Builds the overlay; arity 2..10, depth at least 1, at most {@link #MAX_NODES} nodes. */
    public static Topology of(int arity, int depth) {
        if (arity < MIN_ARITY || arity > MAX_ARITY) {
            throw new IllegalArgumentException(
                    "arity must be between " + MIN_ARITY + " and " + MAX_ARITY + ", got " + arity);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        long count = nodeCount(arity, depth);
        if (count > MAX_NODES) {
            throw new IllegalArgumentException("arity " + arity + " and depth " + depth + " give "
                    + (count == Long.MAX_VALUE ? "too many" : String.valueOf(count))
                    + " nodes; at most " + MAX_NODES + " are supported");
        }
        return new Topology(arity, depth);
    }

    /** N = (d^(h+1) - 1) / (d - 1), computed without building anything; Long.MAX_VALUE when it overflows. */
    public static long nodeCount(int arity, int depth) {
        long total = 0;
        long levelSize = 1;
        for (int level = 0; level <= depth; level++) {
            total += levelSize;
            if (levelSize > Long.MAX_VALUE / arity || total > Long.MAX_VALUE - levelSize * arity) {
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
        return nodeView;
    }

    public int size() {
        return size;
    }

    /** All links, sorted by their first then second endpoint in {@link Labels#ORDER}; built once, on first use. */
    public List<Link> links() {
        List<Link> result = links;
        if (result == null) {
            List<Link> all = new ArrayList<>(linkCount());
            forEachLink((a, b) -> all.add(new Link(a, b)));
            result = Collections.unmodifiableList(all);
            links = result;
        }
        return result;
    }

    /** Calls {@code action} with the endpoint labels of every link, in {@link #links()} order, without building Links. */
    public void forEachLink(java.util.function.BiConsumer<String, String> action) {
        int[] byRank = new int[size];
        for (int i = 0; i < size; i++) {
            byRank[orderRank[i]] = i;
        }
        for (int r = 0; r < size; r++) {
            int u = byRank[r];
            String from = null;
            for (int k = adjacencyStart[u]; k < adjacencyStart[u + 1]; k++) {
                int v = adjacency[k];
                if (orderRank[v] > r) {
                    if (from == null) {
                        from = label(u);
                    }
                    action.accept(from, label(v));
                }
            }
        }
    }

    /**
     * The labels of this topology that are neither in {@code live} nor {@code self}: what a node's routes
     * avoid. Labels in {@code live} that are not this topology's are ignored. A {@code live} set covering
     * every label is recognised by counting, without listing the overlay.
     */
    public Set<String> labelsOutside(Set<String> live, String self) {
        int covered = live.contains(self) || !contains(self) ? 0 : 1;
        for (String label : live) {
            if (contains(label)) {
                covered++;
            }
        }
        if (covered == size) {
            return Set.of();
        }
        Set<String> outside = new HashSet<>();
        for (Node node : nodes()) {
            if (!live.contains(node.label()) && !node.label().equals(self)) {
                outside.add(node.label());
            }
        }
        return outside;
    }

    public int linkCount() {
        return adjacency.length / 2;
    }

    public boolean contains(String label) {
        return label != null && indexOrMinusOne(label) >= 0;
    }

    public Node node(String label) {
        int i = indexOf(label);
        return new Node(label(i), levelOfIndex(i));
    }

    /** Neighbours of a node in label order. */
    public List<String> neighbours(String label) {
        int i = indexOf(label);
        List<String> result = new ArrayList<>(degree(i));
        for (int k = adjacencyStart[i]; k < adjacencyStart[i + 1]; k++) {
            result.add(label(adjacency[k]));
        }
        return Collections.unmodifiableList(result);
    }

    public boolean linked(String a, String b) {
        int from = indexOf(a);
        int target = indexOf(b);
        for (int k = adjacencyStart[from]; k < adjacencyStart[from + 1]; k++) {
            if (adjacency[k] == target) {
                return true;
            }
        }
        return false;
    }

    public int degree(String label) {
        return degree(indexOf(label));
    }

    /** Shortest route, ties between next hops broken by the (source, destination) pair ({@link PairTieBreak}). */
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
        boolean[] blocked = blocked(failed);
        // BFS from the destination; walking forward from the source, at every hop the pair's pick among the
        // neighbours one step closer: what each router's table chooses for this pair.
        int[] distance = distancesFrom(target, blocked);
        if (distance[source] < 0) {
            throw new NoRouteException("no route from " + from + " to " + to + " avoiding " + new TreeSet<>(failed));
        }
        List<String> path = new ArrayList<>(distance[source] + 1);
        int at = source;
        path.add(label(at));
        while (at != target) {
            at = closerNeighbour(at, distance, blocked, from, to);
            path.add(label(at));
        }
        return new Route(path);
    }

    /**
     * The label-based route (no tables, no BFS): see {@link LabelRoutes} for its definition. It always
     * follows links and always arrives; its hop count has equalled {@link #route}'s in every overlay checked,
     * but its path may differ (it does not use the smallest-next-hop tie-break) and it ignores failures.
     */
    public Route labelRoute(String from, String to) {
        indexForRoute(from, "source");
        indexForRoute(to, "destination");
        return LabelRoutes.route(arity, from, to);
    }

    /** Hop distance from {@code label} to every node (in {@link #nodes()} order), -1 where unreachable. */
    public int[] distancesFrom(String label, Set<String> failed) {
        return distancesFrom(indexOf(label), blocked(failed));
    }

    // ---- index-level access for tables, figures and exports in this package ----

    int[] distancesFrom(int start, boolean[] blocked) {
        int[] distance = new int[size];
        int[] queue = new int[size];
        distancesFrom(start, blocked, distance, queue);
        return distance;
    }

    /** BFS into caller-owned arrays (no allocation); returns how many nodes were reached. */
    int distancesFrom(int start, boolean[] blocked, int[] distance, int[] queue) {
        Arrays.fill(distance, -1);
        if (blocked != null && blocked[start]) {
            return 0;
        }
        int head = 0;
        int tail = 0;
        distance[start] = 0;
        queue[tail++] = start;
        while (head < tail) {
            int at = queue[head++];
            int next = distance[at] + 1;
            for (int k = adjacencyStart[at], end = adjacencyStart[at + 1]; k < end; k++) {
                int n = adjacency[k];
                if (distance[n] < 0 && (blocked == null || !blocked[n])) {
                    distance[n] = next;
                    queue[tail++] = n;
                }
            }
        }
        return tail;
    }

    /**
     * The non-blocked neighbour of {@code at} one step closer, given distances to a target, that
     * {@link PairTieBreak} picks for a message from {@code source} to {@code destination}.
     */
    int closerNeighbour(int at, int[] distanceToTarget, boolean[] blocked, String source, String destination) {
        long closer = closerMask(at, distanceToTarget, blocked);
        if (closer == 0) {
            throw new IllegalStateException("no neighbour of " + label(at) + " is closer: inconsistent distances");
        }
        int slot = PairTieBreak.nthSetBit(closer, PairTieBreak.pick(source, destination, Long.bitCount(closer)));
        return adjacency[adjacencyStart[at] + slot];
    }

    /** Bit k set when the k-th neighbour of {@code at} (label order) is not blocked and one step closer. */
    long closerMask(int at, int[] distanceToTarget, boolean[] blocked) {
        int wanted = distanceToTarget[at] - 1;
        long mask = 0;
        for (int k = adjacencyStart[at], end = adjacencyStart[at + 1]; k < end; k++) {
            int n = adjacency[k];
            if (distanceToTarget[n] == wanted && (blocked == null || !blocked[n])) {
                mask |= 1L << (k - adjacencyStart[at]);
            }
        }
        return mask;
    }

    boolean[] blocked(Set<String> failed) {
        boolean[] blocked = new boolean[size];
        for (String label : failed) {
            int i = indexOrMinusOne(label);
            if (i >= 0) {
                blocked[i] = true;
            }
        }
        return blocked;
    }

    int degree(int index) {
        return adjacencyStart[index + 1] - adjacencyStart[index];
    }

    int neighbourStart(int index) {
        return adjacencyStart[index];
    }

    int neighbourEnd(int index) {
        return adjacencyStart[index + 1];
    }

    int neighbourAt(int slot) {
        return adjacency[slot];
    }

    int levelOfIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int level = 0;
        while (levelStart[level + 1] <= index) {
            level++;
        }
        return level;
    }

    String label(int index) {
        int level = levelOfIndex(index);
        if (level == 0) {
            return Labels.ROOT;
        }
        int value = index - levelStart[level];
        char[] digits = new char[level];
        for (int position = level - 1; position >= 0; position--) {
            digits[position] = (char) ('0' + value % arity);
            value /= arity;
        }
        return new String(digits);
    }

    int indexOf(String label) {
        int i = label == null ? -1 : indexOrMinusOne(label);
        if (i < 0) {
            throw new IllegalArgumentException(
                    "unknown node label '" + label + "' in topology arity " + arity + " depth " + depth);
        }
        return i;
    }

    int indexOrMinusOne(String label) {
        if (Labels.ROOT.equals(label)) {
            return 0;
        }
        int level = label.length();
        if (level < 1 || level > depth) {
            return -1;
        }
        int value = 0;
        for (int position = 0; position < level; position++) {
            int digit = Labels.digit(label.charAt(position));
            if (digit < 0 || digit >= arity) {
                return -1;
            }
            value = value * arity + digit;
        }
        return levelStart[level] + value;
    }

    private int indexForRoute(String label, String role) {
        int i = label == null ? -1 : indexOrMinusOne(label);
        if (i < 0) {
            throw new NoRouteException(
                    "unknown " + role + " label '" + label + "' (arity " + arity + ", depth " + depth + ")");
        }
        return i;
    }

    // ---- construction ----

    /** Every candidate neighbour of node i by the link rules, with possible self-loops and duplicates. */
    private int rawNeighbours(int i, int[] out) {
        int level = levelOfIndex(i);
        int count = 0;
        if (level == 0) {
            for (int a = 0; a < arity; a++) {
                out[count++] = levelStart[1] + a;
            }
            return count;
        }
        int value = i - levelStart[level];
        int rest = value % power[level - 1];
        // tree: parent and children
        out[count++] = level == 1 ? 0 : levelStart[level - 1] + value / arity;
        if (level < depth) {
            for (int a = 0; a < arity; a++) {
                out[count++] = levelStart[level + 1] + value * arity + a;
            }
        }
        // De Bruijn inside the level: x1..xL -- x2..xL a, and the same rule seen from a x1..x(L-1)
        for (int a = 0; a < arity; a++) {
            out[count++] = levelStart[level] + rest * arity + a;
            out[count++] = levelStart[level] + a * power[level - 1] + value / arity;
        }
        // De Bruijn between levels: x1..xL -- x2..xL, and the same rule seen from a x1..xL
        if (level >= 2) {
            out[count++] = levelStart[level - 1] + rest;
        }
        if (level < depth) {
            for (int a = 0; a < arity; a++) {
                out[count++] = levelStart[level + 1] + a * power[level] + value;
            }
        }
        return count;
    }

    private int sortUniqueByRank(int[] items, int count, int self) {
        // Insertion sort: at most 4d+2 items.
        for (int x = 1; x < count; x++) {
            int item = items[x];
            int y = x - 1;
            while (y >= 0 && orderRank[items[y]] > orderRank[item]) {
                items[y + 1] = items[y];
                y--;
            }
            items[y + 1] = item;
        }
        int kept = 0;
        for (int x = 0; x < count; x++) {
            if (items[x] != self && (kept == 0 || items[kept - 1] != items[x])) {
                items[kept++] = items[x];
            }
        }
        return kept;
    }

    /** Depth-first preorder of the tree, children in digit order: exactly {@link Labels#ORDER}. */
    private int[] preorderRanks() {
        int[] rank = new int[size];
        // subtreeSize[L]: nodes in the subtree of a node on level L.
        int[] subtreeSize = new int[depth + 2];
        for (int level = depth; level >= 0; level--) {
            subtreeSize[level] = 1 + arity * subtreeSize[level + 1];
        }
        for (int level = 1; level <= depth; level++) {
            for (int value = 0; value < power[level]; value++) {
                int parent = level == 1 ? 0 : levelStart[level - 1] + value / arity;
                rank[levelStart[level] + value] = rank[parent] + 1 + (value % arity) * subtreeSize[level];
            }
        }
        return rank;
    }

    private final class NodeView extends AbstractList<Node> implements RandomAccess {
        @Override
        public Node get(int index) {
            return new Node(label(index), levelOfIndex(index));
        }

        @Override
        public int size() {
            return size;
        }
    }
}
