package org.slmcluster.runtime.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Compares a run with its model's baseline run, per task and metric, on the items both scored: the mean
 * of the per-item differences (run minus baseline) with a seeded paired-bootstrap 95% interval. A
 * comparison drifts when the interval excludes 0 and the mean difference is at least {@code threshold}
 * in size: the change is both real (not resampling noise) and large enough to matter.
 */
public final class DriftDetector {

    /** The smallest mean difference that counts as drift unless configured otherwise (scores are mostly 0..1). */
    public static final double DEFAULT_THRESHOLD = 0.01;

    static final int RESAMPLES = 2000;
    private static final long SEED = 16L;

    private final double threshold;

    /** @param threshold the smallest absolute mean difference that is reported as drift (0 = any significant one) */
    public DriftDetector(double threshold) {
        if (threshold < 0 || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("drift threshold must be 0 or more, got " + threshold);
        }
        this.threshold = threshold;
    }

    /**
     * One task and metric compared.
     *
     * @param shared     items scored in both runs
     * @param difference mean of run minus baseline over the shared items
     * @param ciLow      lower end of the paired-bootstrap 95% interval of {@code difference}
     * @param ciHigh     upper end
     * @param drifted    the interval excludes 0 and {@code |difference| >= threshold}
     */
    public record Comparison(
            String task,
            String metric,
            int shared,
            double baselineMean,
            double runMean,
            double difference,
            double ciLow,
            double ciHigh,
            boolean drifted) {}

    /**
     * Compares per-item scores (task -> item id -> metric -> score) of a run with those of the baseline;
     * a task and metric with fewer than two shared items is not compared.
     */
    public List<Comparison> compare(
            Map<String, Map<String, Map<String, Double>>> baseline, Map<String, Map<String, Map<String, Double>>> run) {
        List<Comparison> comparisons = new ArrayList<>();
        for (String task : new TreeSet<>(run.keySet())) {
            Map<String, Map<String, Double>> before = baseline.get(task);
            if (before == null) {
                continue;
            }
            Map<String, Map<String, Double>> after = run.get(task);
            TreeSet<String> metrics = new TreeSet<>();
            after.values().forEach(scores -> metrics.addAll(scores.keySet()));
            for (String metric : metrics) {
                List<double[]> pairs = new ArrayList<>();
                for (String item : new TreeSet<>(after.keySet())) {
                    Double a = after.get(item).get(metric);
                    Map<String, Double> old = before.get(item);
                    Double b = old == null ? null : old.get(metric);
                    if (a != null && b != null && Double.isFinite(a) && Double.isFinite(b)) {
                        pairs.add(new double[] {b, a});
                    }
                }
                if (pairs.size() >= 2) {
                    comparisons.add(compare(task, metric, pairs));
                }
            }
        }
        return comparisons;
    }

    private Comparison compare(String task, String metric, List<double[]> pairs) {
        int n = pairs.size();
        double[] differences = new double[n];
        double baseSum = 0;
        double runSum = 0;
        for (int i = 0; i < n; i++) {
            differences[i] = pairs.get(i)[1] - pairs.get(i)[0];
            baseSum += pairs.get(i)[0];
            runSum += pairs.get(i)[1];
        }
        double mean = Arrays.stream(differences).sum() / n;
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
        double low = means[(int) Math.floor(0.025 * (RESAMPLES - 1))];
        double high = means[(int) Math.ceil(0.975 * (RESAMPLES - 1))];
        boolean drifted = (low > 0 || high < 0) && Math.abs(mean) >= threshold;
        return new Comparison(task, metric, n, baseSum / n, runSum / n, mean, low, high, drifted);
    }
}
