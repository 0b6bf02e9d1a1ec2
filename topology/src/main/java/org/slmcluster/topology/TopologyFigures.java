package org.slmcluster.topology;

/**
 * The figures of an overlay next to those of the plain tree with the same nodes, so users see what the
 * De Bruijn links buy: link count, degree, diameter and average shortest-path length over ordered pairs
 * of distinct nodes.
 *
 * <p>Diameter and average path length need a BFS from every node, O(N * (N + E)). They are exact while
 * that stays within {@link #EXACT_BUDGET} visited entries (every overlay up to about 30,000 nodes); above it
 * they come from a BFS from {@code sampledSources} evenly spaced nodes: the average is then an estimate and
 * the diameter a lower bound, and {@link #exact()} is false. Counts, degrees and all tree figures are
 * always exact (the tree ones in closed form).
 */
public record TopologyFigures(
        int arity,
        int depth,
        int nodeCount,
        int linkCount,
        int minDegree,
        int maxDegree,
        int diameter,
        double averagePathLength,
        int sampledSources,
        TreeFigures tree) {

    /** BFS work allowed for exact figures: N * (N + 2E) adjacency visits, a few seconds on one core. */
    public static final long EXACT_BUDGET = 4_000_000_000L;

    /** The plain tree (only the tree links) on the same nodes. */
    public record TreeFigures(int linkCount, int diameter, double averagePathLength) {
    }

    /** True when diameter and average path length come from every node, not a sample. */
    public boolean exact() {
        return sampledSources == nodeCount;
    }

    /** Figures within {@link #EXACT_BUDGET}: exact when affordable, sampled otherwise. */
    public static TopologyFigures of(Topology topology) {
        return of(topology, EXACT_BUDGET);
    }

    /** Figures with at most {@code budget} adjacency visits for the path statistics (at least one BFS). */
    public static TopologyFigures of(Topology topology, long budget) {
        int size = topology.size();
        int minDegree = Integer.MAX_VALUE;
        int maxDegree = 0;
        for (int i = 0; i < size; i++) {
            int degree = topology.degree(i);
            minDegree = Math.min(minDegree, degree);
            maxDegree = Math.max(maxDegree, degree);
        }
        long perBfs = size + 2L * topology.linkCount();
        int sources = (int) Math.max(1, Math.min(size, budget / perBfs));

        int[] distance = new int[size];
        int[] queue = new int[size];
        long total = 0;
        int diameter = 0;
        for (int k = 0; k < sources; k++) {
            // Evenly spaced over the index order, which covers every level in proportion to its size.
            int source = (int) ((long) k * size / sources);
            int reached = topology.distancesFrom(source, null, distance, queue);
            for (int q = 0; q < reached; q++) {
                total += distance[queue[q]];
            }
            diameter = Math.max(diameter, distance[queue[reached - 1]]);
        }
        double average = (double) total / ((double) sources * (size - 1));
        return new TopologyFigures(topology.arity(), topology.depth(), size, topology.linkCount(), minDegree,
                maxDegree, diameter, average, sources, treeFigures(topology.arity(), topology.depth()));
    }

    /**
     * The complete d-ary tree of depth h, in closed form: N - 1 links, diameter 2h (two leaves under
     * different children of the root), and the sum of distances over ordered pairs is twice the sum over
     * links of (nodes below the link) * (nodes above it).
     */
    static TreeFigures treeFigures(int arity, int depth) {
        long size = Topology.nodeCount(arity, depth);
        long pairDistanceSum = 0;
        long linksAtLevel = 1;
        for (int level = 1; level <= depth; level++) {
            linksAtLevel *= arity;
            long below = Topology.nodeCount(arity, depth - level);
            pairDistanceSum += linksAtLevel * below * (size - below);
        }
        double average = 2.0 * pairDistanceSum / ((double) size * (size - 1));
        return new TreeFigures((int) (size - 1), 2 * depth, average);
    }
}
