package org.slmcluster.topology;

/**
 * The figures of an overlay next to those of the plain tree with the same nodes, so users see what the
 * De Bruijn links buy: link count, degree, diameter and average shortest-path length over ordered pairs
 * of distinct nodes.
 *
 * <p>Diameter and average path length need a BFS from every node. They are exact while that stays within
 * {@link #EXACT_BUDGET}; above it they come from BFS from {@code sampledSources} evenly spaced nodes: the
 * average is then an estimate and the diameter a lower bound, and {@link #exact()} is false. Counts, degrees and all tree figures are
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

    /**
     * Word operations allowed for exact path figures. The BFS runs 64 sources at once on bit sets, one
     * sweep over all adjacency lists per BFS level, and the label route bounds every distance by h, so
     * exact figures cost at most (N / 64) * (h + 1) * (N + 2E) word operations: all overlays up to about
     * 16,000 nodes (and many larger ones) are exact, in a few seconds at most on one core.
     */
    public static final long EXACT_BUDGET = 1_500_000_000L;

    /** The plain tree (only the tree links) on the same nodes. */
    public record TreeFigures(int linkCount, int diameter, double averagePathLength) {}

    /** True when diameter and average path length come from every node, not a sample. */
    public boolean exact() {
        return sampledSources == nodeCount;
    }

    /**
     * True when the diameter is known exactly: all sources were used, or a sampled BFS reached the depth h,
     * which bounds the diameter from above (the label route never takes more than h hops).
     */
    public boolean diameterExact() {
        return exact() || diameter == depth;
    }

    /** Figures within {@link #EXACT_BUDGET}: exact when affordable, sampled otherwise. */
    public static TopologyFigures of(Topology topology) {
        return of(topology, EXACT_BUDGET);
    }

    /** Figures spending at most about {@code budget} word operations on path statistics (at least one batch of 64 sources). */
    public static TopologyFigures of(Topology topology, long budget) {
        int size = topology.size();
        int minDegree = Integer.MAX_VALUE;
        int maxDegree = 0;
        for (int i = 0; i < size; i++) {
            int degree = topology.degree(i);
            minDegree = Math.min(minDegree, degree);
            maxDegree = Math.max(maxDegree, degree);
        }
        long perBatch = (topology.depth() + 1L) * (size + 2L * topology.linkCount());
        long affordable = Math.max(1, budget / perBatch) * Long.SIZE;
        int sources = (int) Math.min(size, affordable);
        int[] sourceList = new int[sources];
        for (int k = 0; k < sources; k++) {
            // Evenly spaced over the index order, which covers every level in proportion to its size.
            sourceList[k] = (int) ((long) k * size / sources);
        }
        long[] sumAndMax = bitParallelBfs(topology, sourceList);
        double average = (double) sumAndMax[0] / ((double) sources * (size - 1));
        return new TopologyFigures(
                topology.arity(),
                topology.depth(),
                size,
                topology.linkCount(),
                minDegree,
                maxDegree,
                (int) sumAndMax[1],
                average,
                sources,
                treeFigures(topology.arity(), topology.depth()));
    }

    /** Sum of all distances from the sources, and the largest one, by BFS from 64 sources per pass. */
    private static long[] bitParallelBfs(Topology topology, int[] sources) {
        int size = topology.size();
        long[] visited = new long[size];
        long[] frontier = new long[size];
        long[] next = new long[size];
        long sum = 0;
        int eccentricity = 0;
        for (int first = 0; first < sources.length; first += Long.SIZE) {
            int batch = Math.min(Long.SIZE, sources.length - first);
            java.util.Arrays.fill(visited, 0L);
            java.util.Arrays.fill(frontier, 0L);
            for (int bit = 0; bit < batch; bit++) {
                visited[sources[first + bit]] |= 1L << bit;
                frontier[sources[first + bit]] |= 1L << bit;
            }
            for (int level = 1; ; level++) {
                boolean grew = false;
                for (int v = 0; v < size; v++) {
                    long reached = 0;
                    for (int k = topology.neighbourStart(v), end = topology.neighbourEnd(v); k < end; k++) {
                        reached |= frontier[topology.neighbourAt(k)];
                    }
                    reached &= ~visited[v];
                    next[v] = reached;
                    if (reached != 0) {
                        visited[v] |= reached;
                        sum += (long) level * Long.bitCount(reached);
                        grew = true;
                    }
                }
                if (!grew) {
                    break;
                }
                eccentricity = Math.max(eccentricity, level);
                long[] swap = frontier;
                frontier = next;
                next = swap;
            }
        }
        return new long[] {sum, eccentricity};
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
