package org.slmcluster.evaluators.mt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A BLEU score as sacreBLEU reports it: score (0-100), n-gram precisions (0-100), brevity penalty,
 * hypothesis and (closest) reference lengths. {@code counts} and {@code totals} are the matched and total
 * n-gram counts before any add-k smoothing.
 */
// numeric data on the hot path, never compared with equals: arrays, not boxed lists
@SuppressWarnings("ArrayRecordComponent")
public record BleuScore(
        double score, long[] counts, long[] totals, double[] precisions, double bp, long sysLen, long refLen)
        implements MtScore {

    /** sys_len / ref_len, 0 when there is no reference length (sacreBLEU's {@code ratio}). */
    public double ratio() {
        return refLen != 0 ? (double) sysLen / refLen : 0;
    }

    /** sacreBLEU's text line, e.g. {@code BLEU|sig = 20.8 54.4/26.6/14.9/8.7 (BP = 1.000 ratio = ...)}. */
    @Override
    public String format(int width, String signature) {
        String prec =
                Arrays.stream(precisions).mapToObj(p -> PythonText.fixed(p, 1)).collect(Collectors.joining("/"));
        String name = signature == null || signature.isEmpty() ? "BLEU" : "BLEU|" + signature;
        return name + " = " + PythonText.fixed(score, width) + " " + prec + " (BP = " + PythonText.fixed(bp, 3)
                + " ratio = " + PythonText.fixed(ratio(), 3) + " hyp_len = " + sysLen + " ref_len = " + refLen + ")";
    }

    /** The JSON object of {@code slm score bleu --json}. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", "bleu");
        map.put("score", score);
        map.put("precisions", Arrays.stream(precisions).boxed().collect(Collectors.toList()));
        map.put("bp", bp);
        map.put("sys_len", sysLen);
        map.put("ref_len", refLen);
        map.put("counts", Arrays.stream(counts).boxed().collect(Collectors.toList()));
        map.put("totals", Arrays.stream(totals).boxed().collect(Collectors.toList()));
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore other
                && Double.compare(score, other.score) == 0
                && Arrays.equals(counts, other.counts)
                && Arrays.equals(totals, other.totals)
                && Arrays.equals(precisions, other.precisions)
                && Double.compare(bp, other.bp) == 0
                && sysLen == other.sysLen
                && refLen == other.refLen;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return format(2, "");
    }
}
