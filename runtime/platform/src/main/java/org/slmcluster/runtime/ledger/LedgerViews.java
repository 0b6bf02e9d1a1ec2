package org.slmcluster.runtime.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slmcluster.evaluators.classification.ClassDefinition;
import org.slmcluster.evaluators.classification.ClassificationReport;
import org.slmcluster.evaluators.classification.ClassificationScorer;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * Pure functions from recorded items to views: what {@link Ledgers#view} uses, public so that reports
 * and tests can summarise any list of items the same way. Items are ordered by id first, so a view does
 * not depend on the order results arrived in.
 */
public final class LedgerViews {

    /** Bootstrap resamples and seed: fixed, so a view is reproducible. */
    public static final int BOOTSTRAP_RESAMPLES = 1000;

    public static final long BOOTSTRAP_SEED = 20_240_601L;

    private LedgerViews() {}

    public static ModelView modelView(String model, List<ScoredItem> items) {
        Map<String, List<ScoredItem>> byTask = new TreeMap<>();
        for (ScoredItem item : items) {
            byTask.computeIfAbsent(item.task(), t -> new ArrayList<>()).add(item);
        }
        List<TaskView> tasks = new ArrayList<>();
        byTask.forEach((task, taskItems) -> tasks.add(taskView(model, task, taskItems)));
        return new ModelView(model, items.size(), tasks);
    }

    /** @param items the items of one task (of one model), non-empty */
    public static TaskView taskView(String model, String task, List<ScoredItem> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no items of task " + task);
        }
        List<ScoredItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(ScoredItem::id));
        TaskKind kind = sorted.get(0).kind();
        int n = sorted.size();

        TreeSet<String> names = new TreeSet<>();
        sorted.forEach(item -> names.addAll(item.scores().keySet()));
        Map<String, MetricSummary> metrics = new TreeMap<>();
        for (String name : names) {
            double[] values = sorted.stream()
                    .filter(item -> item.scores().containsKey(name))
                    .mapToDouble(item -> item.scores().get(name))
                    .toArray();
            metrics.put(name, summarize(name, values));
        }

        double[] latencies =
                sorted.stream().mapToDouble(ScoredItem::latencyMillis).sorted().toArray();
        Map<AdherenceFlag, Double> adherence = new EnumMap<>(AdherenceFlag.class);
        for (AdherenceFlag flag : AdherenceFlag.values()) {
            adherence.put(
                    flag,
                    (double) sorted.stream().filter(item -> item.has(flag)).count() / n);
        }
        return new TaskView(
                model,
                task,
                kind,
                n,
                metrics,
                corpus(kind, sorted),
                nearestRank(latencies, 0.50),
                nearestRank(latencies, 0.95),
                sorted.stream()
                        .mapToDouble(ScoredItem::tokensPerSecond)
                        .average()
                        .orElse(0),
                sorted.stream().mapToInt(ScoredItem::outputTokens).average().orElse(0),
                sorted.stream()
                        .mapToInt(item -> item.answer().length())
                        .average()
                        .orElse(0),
                adherence,
                (int) sorted.stream().filter(ScoredItem::cached).count());
    }

    /**
     * Classification: accuracy, macro-F1 over the defined classes (the evaluators' {@link ClassificationScorer}
     * on the recorded predicted and gold labels) and the invalid-label rate.
     */
    private static Map<String, Double> corpus(TaskKind kind, List<ScoredItem> items) {
        if (kind != TaskKind.CLASSIFICATION) {
            return Map.of();
        }
        String classList = items.get(0).details().getOrDefault("classes", "");
        List<ClassDefinition> classes = Arrays.stream(classList.split(","))
                .filter(s -> !s.isBlank())
                .map(name -> new ClassDefinition(name, name))
                .toList();
        Map<String, Double> corpus = new TreeMap<>();
        if (classes.size() >= 2) {
            ClassificationReport report = new ClassificationScorer(classes)
                    .score(
                            items.stream()
                                    .map(item -> item.details().getOrDefault("predicted", ""))
                                    .toList(),
                            items.stream()
                                    .map(item -> item.details().getOrDefault("gold", ""))
                                    .toList());
            corpus.put(ScoreNames.ACCURACY, report.accuracy());
            corpus.put(ScoreNames.MACRO_F1, report.macroF1());
        }
        corpus.put(
                ScoreNames.INVALID_LABEL_RATE,
                (double) items.stream()
                                .filter(item -> item.has(AdherenceFlag.INVALID_LABEL))
                                .count()
                        / items.size());
        return corpus;
    }

    /**
     * Mean, sample standard deviation (n - 1) and a percentile-bootstrap 95% interval of the mean:
     * {@value #BOOTSTRAP_RESAMPLES} resamples with {@link Random} seeded {@value #BOOTSTRAP_SEED}; the
     * interval is the 25th and 975th of the sorted resample means (0-based indices 25 and 974).
     */
    public static MetricSummary summarize(String metric, double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MetricSummary(metric, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = mean(values);
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean);
        }
        double stdDev = n > 1 ? Math.sqrt(variance / (n - 1)) : 0.0;
        if (n == 1) {
            return new MetricSummary(metric, 1, mean, 0.0, mean, mean);
        }
        Random random = new Random(BOOTSTRAP_SEED);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        int low = (int) Math.floor(0.025 * BOOTSTRAP_RESAMPLES);
        int high = (int) Math.ceil(0.975 * BOOTSTRAP_RESAMPLES) - 1;
        return new MetricSummary(metric, n, mean, stdDev, means[low], means[high]);
    }

    /** Nearest-rank percentile of sorted values: the ceil(q * n)-th smallest (1-based); 0 for none. */
    public static double nearestRank(double[] sortedValues, double q) {
        if (sortedValues.length == 0) {
            return 0.0;
        }
        int rank = (int) Math.ceil(q * sortedValues.length);
        return sortedValues[Math.max(0, Math.min(sortedValues.length, rank) - 1)];
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
