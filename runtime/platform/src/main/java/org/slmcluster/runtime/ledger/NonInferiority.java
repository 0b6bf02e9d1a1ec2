package org.slmcluster.runtime.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Is B not worse than A by more than a margin? A one-sided paired bootstrap on the items both scored: the
 * per-item differences B - A are resampled (seeded, as {@link DriftDetector} does) and the {@code 1 - confidence}
 * quantile of the resampled means is the lower bound of the difference at that confidence. B passes when that
 * bound is at least {@code -maxDrop}. Used by gated roll-outs (issue 15) to promote or roll back a version.
 */
public final class NonInferiority {

    static final int RESAMPLES = 2000;
    private static final long SEED = 15L;

    private NonInferiority() {}

    /**
     * @param shared     items scored in both runs
     * @param meanA      mean of A over them
     * @param meanB      mean of B over them
     * @param difference mean of B - A
     * @param lowerBound lower end of the one-sided bootstrap interval of {@code difference} at {@code confidence}
     * @param passed     {@code lowerBound >= -maxDrop} (and at least one shared item)
     */
    public record Result(
            int shared,
            double meanA,
            double meanB,
            double difference,
            double lowerBound,
            double confidence,
            double maxDrop,
            boolean passed) {}

    /**
     * @param pairs      per shared item, {@code {scoreA, scoreB}}
     * @param maxDrop    the largest tolerated drop of B below A (0 or more, in the metric's units)
     * @param confidence one-sided confidence, between 0.5 and 1 (exclusive)
     */
    public static Result test(List<double[]> pairs, double maxDrop, double confidence) {
        if (!(maxDrop >= 0) || Double.isInfinite(maxDrop)) {
            throw new IllegalArgumentException("the largest tolerated drop must be 0 or more, got " + maxDrop);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be above 0.5 and below 1, got " + confidence);
        }
        int n = pairs.size();
        if (n == 0) {
            return new Result(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, confidence, maxDrop, false);
        }
        double[] differences = new double[n];
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < n; i++) {
            double[] pair = pairs.get(i);
            differences[i] = pair[1] - pair[0];
            sumA += pair[0];
            sumB += pair[1];
        }
        double mean = (sumB - sumA) / n;
        double[] means = new double[RESAMPLES];
        Random random = new Random(SEED);
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        double lower = means[(int) Math.floor((1 - confidence) * (RESAMPLES - 1))];
        return new Result(n, sumA / n, sumB / n, mean, lower, confidence, maxDrop, lower >= -maxDrop);
    }
}
