package org.slmcluster.evaluators.mt;

import java.util.Arrays;

/**
 * The distinct n-grams of one segment (ids from an {@link NgramDictionary}, ascending) with their counts:
 * the reference side of a clipped-count match, computed once and reused for every hypothesis.
 */
final class SegmentNgrams {

    static final SegmentNgrams EMPTY = new SegmentNgrams(new int[0], new int[0]);

    final int[] ids;
    final int[] counts;

    private SegmentNgrams(int[] ids, int[] counts) {
        this.ids = ids;
        this.counts = counts;
    }

    /** Counts the ids in {@code ids[0..length)} (sorted in place; negative ids are ignored). */
    static SegmentNgrams count(int[] ids, int length) {
        Arrays.sort(ids, 0, length);
        int start = 0;
        while (start < length && ids[start] < 0) {
            start++;
        }
        int distinct = 0;
        for (int i = start; i < length; i++) {
            if (i == start || ids[i] != ids[i - 1]) {
                distinct++;
            }
        }
        int[] outIds = new int[distinct];
        int[] outCounts = new int[distinct];
        int k = -1;
        for (int i = start; i < length; i++) {
            if (i == start || ids[i] != ids[i - 1]) {
                k++;
                outIds[k] = ids[i];
            }
            outCounts[k]++;
        }
        return new SegmentNgrams(outIds, outCounts);
    }

    /** Element-wise maximum of counts over several references (sacreBLEU's multi-reference merge). */
    static SegmentNgrams max(SegmentNgrams a, SegmentNgrams b) {
        int[] ids = new int[a.ids.length + b.ids.length];
        int[] counts = new int[ids.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.ids.length || j < b.ids.length) {
            if (j == b.ids.length || (i < a.ids.length && a.ids[i] < b.ids[j])) {
                ids[k] = a.ids[i];
                counts[k++] = a.counts[i++];
            } else if (i == a.ids.length || b.ids[j] < a.ids[i]) {
                ids[k] = b.ids[j];
                counts[k++] = b.counts[j++];
            } else {
                ids[k] = a.ids[i];
                counts[k++] = Math.max(a.counts[i++], b.counts[j++]);
            }
        }
        return new SegmentNgrams(Arrays.copyOf(ids, k), Arrays.copyOf(counts, k));
    }

    /**
     * Adds, per n-gram order, the clipped matches {@code min(hypothesis count, reference count)} of the
     * sorted hypothesis ids {@code hyp[0..length)} to {@code matches[order - 1]}.
     */
    void addClippedMatches(int[] hyp, int length, NgramDictionary dictionary, long[] matches) {
        int i = 0;
        int j = 0;
        int[] refIds = ids;
        while (i < length && j < refIds.length) {
            int h = hyp[i];
            int r = refIds[j];
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
                matches[dictionary.order(h) - 1] += Math.min(c, counts[j]);
                j++;
            }
        }
    }
}
