package org.slmcluster.evaluators.mt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The n-grams (orders 1..maxOrder) of one segment's references with their counts, for clipped matching
 * against hypotheses. Symbols (code points, word ids) are renumbered within the segment, so an n-gram
 * usually packs exactly into one long (local ids of {@code bits} bits, the first one non-zero, which also
 * keeps orders apart): matching then stays in a few kilobytes of memory instead of probing a corpus-wide
 * table. When the alphabet times the order would not fit in 62 bits, n-grams are kept as exact string keys.
 */
final class SegmentNgramIndex {

    private final int[] symbols;
    private final int bits;
    private final int maxOrder;
    /** [reference] keys grouped by order; group n-1 is [orderStart[n-1], orderStart[n]). */
    private final long[][] keys;

    private final int[][] counts;
    private final int[][] orderStart;
    /** [reference][order - 1], used when n-grams do not pack into a long. */
    private final Map<String, Integer>[][] fallback;

    @SuppressWarnings("unchecked")
    SegmentNgramIndex(int[][] references, int maxOrder) {
        this.maxOrder = maxOrder;
        int total = 0;
        for (int[] ref : references) {
            total += ref.length;
        }
        int[] all = new int[total];
        int k = 0;
        for (int[] ref : references) {
            System.arraycopy(ref, 0, all, k, ref.length);
            k += ref.length;
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[distinct++] = all[i];
            }
        }
        symbols = Arrays.copyOf(all, distinct);
        int neededBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(distinct));
        bits = (long) neededBits * maxOrder <= 62 ? neededBits : 0;
        int refs = references.length;
        keys = new long[refs][];
        counts = new int[refs][];
        orderStart = new int[refs][];
        fallback = bits == 0 ? newTable(refs) : null;
        for (int r = 0; r < refs; r++) {
            int[] local = localIds(references[r], references[r].length);
            if (bits == 0) {
                fallback[r] = newRow(maxOrder);
                for (int n = 1; n <= maxOrder; n++) {
                    Map<String, Integer> map = new HashMap<>();
                    for (int i = 0; i + n <= local.length; i++) {
                        map.merge(stringKey(local, i, n), 1, Integer::sum);
                    }
                    fallback[r][n - 1] = map;
                }
                continue;
            }
            long[] packed = new long[Math.max(0, local.length * maxOrder)];
            int count = 0;
            for (int i = 0; i < local.length; i++) {
                long key = 0;
                for (int n = 1; n <= maxOrder && i + n <= local.length; n++) {
                    key = (key << bits) | local[i + n - 1];
                    packed[count++] = key;
                }
            }
            // Sorting by value groups by order too: a longer n-gram has a larger highest set bit.
            Arrays.sort(packed, 0, count);
            long[] outKeys = new long[count];
            int[] outCounts = new int[count];
            int[] starts = new int[maxOrder + 1];
            int d = -1;
            for (int i = 0; i < count; i++) {
                if (i == 0 || packed[i] != packed[i - 1]) {
                    outKeys[++d] = packed[i];
                }
                outCounts[d]++;
            }
            int size = d + 1;
            int order = 1;
            for (int i = 0; i < size; i++) {
                while (order <= maxOrder && outKeys[i] >= 1L << (bits * order)) {
                    starts[order++] = i;
                }
            }
            while (order <= maxOrder) {
                starts[order++] = size;
            }
            keys[r] = Arrays.copyOf(outKeys, size);
            counts[r] = Arrays.copyOf(outCounts, size);
            orderStart[r] = starts;
        }
    }

    int referenceCount() {
        return keys.length;
    }

    /** Segment-local ids of {@code symbols[0..length)}: 1..distinct, 0 for a symbol no reference has. */
    private int[] localIds(int[] input, int length) {
        int[] local = new int[length];
        for (int i = 0; i < length; i++) {
            int at = Arrays.binarySearch(symbols, input[i]);
            local[i] = at >= 0 ? at + 1 : 0;
        }
        return local;
    }

    private static String stringKey(int[] local, int start, int n) {
        StringBuilder sb = new StringBuilder(n * 4);
        for (int i = start; i < start + n; i++) {
            sb.append(local[i]).append(',');
        }
        return sb.toString();
    }

    /**
     * Clipped matches {@code sum min(hyp count, ref count)} per order of the hypothesis symbols against each
     * reference: {@code matches[r][n - 1]}.
     */
    void clippedMatches(int[] hypothesis, int length, Scratch scratch, long[][] matches) {
        int[] local = localIds(hypothesis, length);
        if (bits == 0) {
            for (int n = 1; n <= maxOrder; n++) {
                Map<String, Integer> hyp = new HashMap<>();
                for (int i = 0; i + n <= length; i++) {
                    hyp.merge(stringKey(local, i, n), 1, Integer::sum);
                }
                for (int r = 0; r < keys.length; r++) {
                    long m = 0;
                    for (Map.Entry<String, Integer> e : hyp.entrySet()) {
                        Integer ref = fallback[r][n - 1].get(e.getKey());
                        if (ref != null) {
                            m += Math.min(e.getValue(), ref);
                        }
                    }
                    matches[r][n - 1] = m;
                }
            }
            return;
        }
        scratch.clear(length * maxOrder);
        for (int i = 0; i < length; i++) {
            long key = 0;
            for (int n = 1; n <= maxOrder && i + n <= length; n++) {
                int id = local[i + n - 1];
                if (id == 0) {
                    break; // no reference n-gram contains this symbol, nor any longer n-gram from here
                }
                key = (key << bits) | id;
                scratch.add(key);
            }
        }
        for (int r = 0; r < keys.length; r++) {
            long[] refKeys = keys[r];
            int[] refCounts = counts[r];
            int[] starts = orderStart[r];
            for (int n = 1; n <= maxOrder; n++) {
                long m = 0;
                for (int k = starts[n - 1]; k < starts[n]; k++) {
                    int c = scratch.get(refKeys[k]);
                    if (c != 0) {
                        m += Math.min(c, refCounts[k]);
                    }
                }
                matches[r][n - 1] = m;
            }
        }
    }

    /** A reusable open-addressing count table for one scoring thread (keys are never 0). */
    static final class Scratch {
        private long[] keys = new long[4096];
        private int[] values = new int[4096];
        private int[] used = new int[2048];
        private int usedCount;

        void clear(int expected) {
            for (int i = 0; i < usedCount; i++) {
                keys[used[i]] = 0;
                values[used[i]] = 0;
            }
            usedCount = 0;
            if (expected * 2 > keys.length) {
                int capacity = Integer.highestOneBit(expected * 4 - 1) << 1;
                keys = new long[capacity];
                values = new int[capacity];
            }
            if (used.length < expected) {
                used = new int[expected * 2];
            }
        }

        void add(long key) {
            int mask = keys.length - 1;
            int slot = mix(key) & mask;
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    values[slot]++;
                    return;
                }
                if (k == 0) {
                    keys[slot] = key;
                    values[slot] = 1;
                    used[usedCount++] = slot;
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }

        int get(long key) {
            int mask = keys.length - 1;
            int slot = mix(key) & mask;
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    return values[slot];
                }
                if (k == 0) {
                    return 0;
                }
                slot = (slot + 1) & mask;
            }
        }

        private static int mix(long key) {
            key *= 0x9E3779B97F4A7C15L;
            return (int) (key ^ (key >>> 29));
        }
    }

    // Java cannot create arrays of a generic type; these are the only places the element type is unchecked.
    @SuppressWarnings("unchecked")
    private static Map<String, Integer>[][] newTable(int rows) {
        return (Map<String, Integer>[][]) new Map<?, ?>[rows][];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer>[] newRow(int length) {
        return (Map<String, Integer>[]) new Map<?, ?>[length];
    }
}
