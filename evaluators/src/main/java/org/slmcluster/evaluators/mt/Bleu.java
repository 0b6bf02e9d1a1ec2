package org.slmcluster.evaluators.mt;

import java.util.List;

/**
 * BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.x computes it (sacrebleu/metrics/bleu.py): segments are
 * optionally lowercased, right-stripped and tokenized; n-gram counts are clipped by the maximum count over
 * the references; the reference length is the closest one (the shorter on ties); the corpus score comes
 * from the summed statistics. Immutable and thread-safe.
 */
public final class Bleu implements MtMetric<BleuScore> {

    private final BleuOptions options;

    public Bleu(BleuOptions options) {
        this.options = options;
    }

    public Bleu() {
        this(BleuOptions.defaults());
    }

    public BleuOptions options() {
        return options;
    }

    /** Tokenizes and counts the references once, for scoring any number of systems against them. */
    @Override
    public BleuReferences prepare(List<List<String>> referenceStreams) {
        return new BleuReferences(this, referenceStreams);
    }

    /** The segment's tokens: lowercased if asked, right-stripped, tokenized, split. */
    String[] tokens(String segment) {
        String s = options.lowercase() ? PythonText.lower(segment) : segment;
        return options.tokenizer().tokens(PythonText.rstrip(s));
    }

    /** sacreBLEU's {@code _get_closest_ref_len}: closest length, the shorter one on ties. */
    static int closestReferenceLength(int hypLength, int[] refLengths) {
        int closestDiff = -1;
        int closestLen = -1;
        for (int refLen : refLengths) {
            int diff = Math.abs(hypLength - refLen);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLen = refLen;
            } else if (diff == closestDiff && refLen < closestLen) {
                closestLen = refLen;
            }
        }
        return closestLen;
    }

    /** The score from summed statistics {@code [sys_len, ref_len, correct..., total...]}. */
    BleuScore scoreFromStatistics(long[] stats) {
        int order = options.maxNgramOrder();
        long[] correct = java.util.Arrays.copyOfRange(stats, 2, 2 + order);
        long[] total = java.util.Arrays.copyOfRange(stats, 2 + order, 2 + 2 * order);
        return computeBleu(
                correct,
                total,
                stats[0],
                stats[1],
                options.smoothMethod(),
                options.smoothValue(),
                options.effectiveOrder(),
                order);
    }

    /**
     * sacreBLEU's {@code BLEU.compute_bleu}: BLEU from its sufficient statistics, with smoothing. A null
     * {@code smoothValue} takes the method's default.
     */
    public static BleuScore computeBleu(
            long[] correct,
            long[] total,
            long sysLen,
            long refLen,
            SmoothMethod smoothMethod,
            Double smoothValue,
            boolean effectiveOrder,
            int maxNgramOrder) {
        double value = smoothValue != null ? smoothValue : smoothMethod.defaultValue();
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / (double) sysLen) : 0.0;
        }
        double[] precisions = new double[maxNgramOrder];
        boolean anyCorrect = false;
        for (long c : correct) {
            anyCorrect |= c != 0;
        }
        if (!anyCorrect) {
            return new BleuScore(0.0, correct.clone(), total.clone(), precisions, bp, sysLen, refLen);
        }
        double smoothMteval = 1.0;
        int effOrder = maxNgramOrder;
        for (int n = 1; n <= maxNgramOrder; n++) {
            double c = correct[n - 1];
            double t = total[n - 1];
            if (smoothMethod == SmoothMethod.ADD_K && n > 1) {
                c += value;
                t += value;
            }
            if (t == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (c == 0) {
                if (smoothMethod == SmoothMethod.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100. / (smoothMteval * t);
                } else if (smoothMethod == SmoothMethod.FLOOR) {
                    precisions[n - 1] = 100. * value / t;
                }
            } else {
                precisions[n - 1] = 100. * c / t;
            }
        }
        double logSum = 0;
        for (int k = 0; k < effOrder; k++) {
            logSum += myLog(precisions[k]);
        }
        double score = bp * Math.exp(logSum / effOrder);
        return new BleuScore(score, correct.clone(), total.clone(), precisions, bp, sysLen, refLen);
    }

    /** sacreBLEU's {@code my_log}: log floored to -9999999999 at zero. */
    private static double myLog(double x) {
        return x == 0.0 ? -9999999999.0 : Math.log(x);
    }
}
