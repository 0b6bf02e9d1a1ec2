package org.slmcluster.runtime.http;

/**
 * The population stability index of a current distribution against a baseline, both given as counts over the
 * same bins: {@code PSI = sum_i (c_i - b_i) * ln(c_i / b_i)} with {@code b_i} and {@code c_i} the bins'
 * proportions after adding {@value #SMOOTHING} to every count. The smoothing keeps an empty bin finite and stops
 * one stray request in a small window from dominating; it is the usual additive (Jeffreys) correction.
 * Conventional reading: below 0.1 no shift, 0.1 to 0.2 a moderate one, above 0.2 a significant one.
 */
final class PopulationStabilityIndex {

    static final double SMOOTHING = 0.5;

    private PopulationStabilityIndex() {}

    /** The PSI of {@code current} against {@code baseline}; both need the same number of bins, at least one count each. */
    static double of(long[] baseline, long[] current) {
        if (baseline.length != current.length || baseline.length == 0) {
            throw new IllegalArgumentException(
                    "PSI needs the same bins on both sides, got " + baseline.length + " and " + current.length);
        }
        double baselineTotal = total(baseline);
        double currentTotal = total(current);
        double psi = 0;
        for (int i = 0; i < baseline.length; i++) {
            double b = (baseline[i] + SMOOTHING) / baselineTotal;
            double c = (current[i] + SMOOTHING) / currentTotal;
            psi += (c - b) * Math.log(c / b);
        }
        return psi;
    }

    private static double total(long[] counts) {
        double sum = 0;
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("a bin count is negative: " + count);
            }
            sum += count + SMOOTHING;
        }
        return sum;
    }
}
