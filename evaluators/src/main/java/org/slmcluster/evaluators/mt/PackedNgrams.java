package org.slmcluster.evaluators.mt;

import java.util.Arrays;

/**
 * The distinct n-grams of one segment with their counts, each n-gram of order up to 4 packed exactly into one
 * long: 16 bits per word, (vocabulary id + 1) from the first word in the high bits, so n-grams of different
 * orders never collide and the order is the number of 16-bit groups used. Needs no shared dictionary, so
 * every segment's references are counted on any thread; it holds while the vocabulary has at most
 * {@value #MAX_VOCABULARY} words (else {@link SegmentNgrams} with an {@link NgramDictionary} does it).
 */
final class PackedNgrams {

    static final int MAX_ORDER = 4;
    static final int MAX_VOCABULARY = 0xFFFF;

    final long[] keys;
    final int[] counts;

    private PackedNgrams(long[] keys, int[] counts) {
        this.keys = keys;
        this.counts = counts;
    }

    /**
     * Writes the packed n-grams of order 1..maxOrder of {@code ids[0..length)} to {@code out} (size at least
     * length * maxOrder), skipping n-grams holding a negative (unknown) id; returns how many were written.
     */
    static int keys(int[] ids, int length, int maxOrder, long[] out) {
        int count = 0;
        for (int start = 0; start < length; start++) {
            long key = 0;
            int end = Math.min(length, start + maxOrder);
            for (int i = start; i < end; i++) {
                if (ids[i] < 0) {
                    break; // no reference holds this word, so no n-gram through it
                }
                key = (key << 16) | (ids[i] + 1);
                out[count++] = key;
            }
        }
        return count;
    }

    /** The order (1..4) of a packed n-gram. */
    static int order(long key) {
        return (64 - Long.numberOfLeadingZeros(key) + 15) >>> 4;
    }

    /** Counts the keys in {@code keys[0..length)} (sorted in place). */
    static PackedNgrams count(long[] keys, int length) {
        Arrays.sort(keys, 0, length);
        int distinct = 0;
        for (int i = 0; i < length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                distinct++;
            }
        }
        long[] outKeys = new long[distinct];
        int[] outCounts = new int[distinct];
        int k = -1;
        for (int i = 0; i < length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                outKeys[++k] = keys[i];
            }
            outCounts[k]++;
        }
        return new PackedNgrams(outKeys, outCounts);
    }

    /** Element-wise maximum of counts over several references (sacreBLEU's multi-reference merge). */
    static PackedNgrams max(PackedNgrams a, PackedNgrams b) {
        long[] keys = new long[a.keys.length + b.keys.length];
        int[] counts = new int[keys.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.keys.length || j < b.keys.length) {
            if (j == b.keys.length || (i < a.keys.length && a.keys[i] < b.keys[j])) {
                keys[k] = a.keys[i];
                counts[k++] = a.counts[i++];
            } else if (i == a.keys.length || b.keys[j] < a.keys[i]) {
                keys[k] = b.keys[j];
                counts[k++] = b.counts[j++];
            } else {
                keys[k] = a.keys[i];
                counts[k++] = Math.max(a.counts[i++], b.counts[j++]);
            }
        }
        return new PackedNgrams(Arrays.copyOf(keys, k), Arrays.copyOf(counts, k));
    }

    /**
     * Adds, per n-gram order, the clipped matches {@code min(hypothesis count, reference count)} of the sorted
     * hypothesis keys {@code hyp[0..length)} to {@code matches[order - 1]}.
     */
    void addClippedMatches(long[] hyp, int length, long[] matches) {
        int i = 0;
        int j = 0;
        long[] refKeys = keys;
        while (i < length && j < refKeys.length) {
            long h = hyp[i];
            long r = refKeys[j];
            if (h < r) {
                i++;
            } else if (h > r) {
                j++;
            } else {
                int c = 0;
                while (i < length && hyp[i] == h) {
                    c++;
                    i++;
                }
                matches[order(h) - 1] += Math.min(c, counts[j]);
                j++;
            }
        }
    }
}
