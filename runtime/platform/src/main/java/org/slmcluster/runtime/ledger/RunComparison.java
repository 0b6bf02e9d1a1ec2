package org.slmcluster.runtime.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two runs compared, per task and metric, on the items both scored: the mean of the per-item differences (B
 * minus A) with the seeded paired-bootstrap 95% interval of {@link DriftDetector} and a significance marker
 * (the interval excludes 0); then the items whose score changed most, with both answers side by side. A run
 * is one model's point in the score history after a job: {@code JOB/MODEL}, or {@code JOB} alone when the
 * job ran a single model.
 */
public final class RunComparison {

    /** Items listed as changed most, per comparison. */
    public static final int CHANGED_ITEMS = 10;

    private final ScoreHistory history;

    public RunComparison(ScoreHistory history) {
        this.history = history;
    }

    /** A run named on the command line or in a URL that is not in the score history. */
    public static final class UnknownRunException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownRunException(String message) {
            super(message);
        }
    }

    /** A resolved run: the job, the model and its history point. */
    record Run(String name, String job, String model, JsonNode point) {}

    /**
     * Compares {@code b} with {@code a}; the result's {@code comparisons} hold per task and metric
     * {@code shared, a_mean, b_mean, difference, ci_low, ci_high, significant}, its {@code changed_items}
     * the items with the largest |B - A| with both scores and answers.
     *
     * @throws UnknownRunException when a run is not in the history (its message names it and says why)
     */
    public ObjectNode compare(String a, String b) {
        Run runA = resolve(a);
        Run runB = resolve(b);
        Map<String, Map<String, Map<String, Double>>> scoresA = ScoreHistory.scoresOf(runA.point());
        Map<String, Map<String, Map<String, Double>>> scoresB = ScoreHistory.scoresOf(runB.point());
        ObjectNode result = LedgerJson.mapper().createObjectNode();
        result.put("a", runA.name());
        result.put("b", runB.name());
        result.put("a_version", runA.point().path("version").asText());
        result.put("b_version", runB.point().path("version").asText());
        result.put(
                "test",
                "paired bootstrap (" + DriftDetector.RESAMPLES + " resamples), 95% interval of the "
                        + "mean per-item difference B - A; significant when it excludes 0");
        ArrayNode comparisons = result.putArray("comparisons");
        for (DriftDetector.Comparison c : new DriftDetector(0).compare(scoresA, scoresB)) {
            comparisons
                    .addObject()
                    .put("task", c.task())
                    .put("metric", c.metric())
                    .put("shared", c.shared())
                    .put("a_mean", c.baselineMean())
                    .put("b_mean", c.runMean())
                    .put("difference", c.difference())
                    .put("ci_low", c.ciLow())
                    .put("ci_high", c.ciHigh())
                    .put("significant", c.drifted());
        }
        ArrayNode changed = result.putArray("changed_items");
        changedMost(scoresA, scoresB)
                .forEach(change -> changed.addObject()
                        .put("task", change.task())
                        .put("item", change.item())
                        .put("metric", change.metric())
                        .put("a_score", change.a())
                        .put("b_score", change.b())
                        .put("difference", change.b() - change.a())
                        .put("a_answer", answer(runA, change))
                        .put("b_answer", answer(runB, change)));
        return result;
    }

    /**
     * The scores of {@code metric} on the items both runs scored, over all tasks: {@code {scoreA, scoreB}} per
     * item, in task and item order (a paired test's input, e.g. {@link NonInferiority}).
     *
     * @throws UnknownRunException when a run is not in the history
     */
    public List<double[]> pairs(String a, String b, String metric) {
        Map<String, Map<String, Map<String, Double>>> scoresA =
                ScoreHistory.scoresOf(resolve(a).point());
        Map<String, Map<String, Map<String, Double>>> scoresB =
                ScoreHistory.scoresOf(resolve(b).point());
        List<double[]> pairs = new ArrayList<>();
        scoresA.forEach((task, items) -> items.forEach((item, metrics) -> {
            Double x = metrics.get(metric);
            Double y = scoresB.getOrDefault(task, Map.of())
                    .getOrDefault(item, Map.of())
                    .get(metric);
            if (x != null && y != null && Double.isFinite(x) && Double.isFinite(y)) {
                pairs.add(new double[] {x, y});
            }
        }));
        return pairs;
    }

    private record Change(String task, String item, String metric, double a, double b) {}

    /** The items with the largest score change on any metric, one entry per item (its largest change). */
    private static List<Change> changedMost(
            Map<String, Map<String, Map<String, Double>>> a, Map<String, Map<String, Map<String, Double>>> b) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Map<String, Map<String, Double>>> task : b.entrySet()) {
            Map<String, Map<String, Double>> before = a.getOrDefault(task.getKey(), Map.of());
            for (Map.Entry<String, Map<String, Double>> item : task.getValue().entrySet()) {
                Map<String, Double> old = before.get(item.getKey());
                if (old == null) {
                    continue;
                }
                Change largest = null;
                for (Map.Entry<String, Double> metric : item.getValue().entrySet()) {
                    Double x = old.get(metric.getKey());
                    Double y = metric.getValue();
                    if (x == null || y == null || !Double.isFinite(x) || !Double.isFinite(y)) {
                        continue;
                    }
                    if (largest == null || Math.abs(y - x) > Math.abs(largest.b() - largest.a())) {
                        largest = new Change(task.getKey(), item.getKey(), metric.getKey(), x, y);
                    }
                }
                if (largest != null && largest.a() != largest.b()) {
                    changes.add(largest);
                }
            }
        }
        changes.sort(Comparator.comparingDouble((Change c) -> -Math.abs(c.b() - c.a()))
                .thenComparing(Change::task)
                .thenComparing(Change::item));
        return changes.size() > CHANGED_ITEMS ? changes.subList(0, CHANGED_ITEMS) : changes;
    }

    private static String answer(Run run, Change change) {
        return ScoreHistory.answersOf(run.point())
                .getOrDefault(change.task(), Map.of())
                .getOrDefault(change.item(), "");
    }

    private Run resolve(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            throw new UnknownRunException("a run is JOB or JOB/MODEL, got an empty name");
        }
        int slash = trimmed.indexOf('/');
        String job = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (slash >= 0) {
            String model = trimmed.substring(slash + 1);
            return point(model, job)
                    .map(point -> new Run(trimmed, job, model, point))
                    .orElseThrow(() -> new UnknownRunException("no run '" + trimmed + "': model '" + model
                            + "' has no point of job '" + job + "' in its score history"));
        }
        List<Run> runs = new ArrayList<>();
        for (String model : history.models()) {
            point(model, job).ifPresent(point -> runs.add(new Run(job + "/" + model, job, model, point)));
        }
        if (runs.isEmpty()) {
            throw new UnknownRunException("no run of job '" + job + "' in the score history (a finished job's "
                    + "id, as 'slm jobs' lists them)");
        }
        if (runs.size() > 1) {
            throw new UnknownRunException("job '" + job + "' ran several models ("
                    + String.join(", ", runs.stream().map(Run::model).toList())
                    + "): name one as " + job + "/MODEL");
        }
        return runs.get(0);
    }

    /** The model's last point of {@code job}. */
    private Optional<JsonNode> point(String model, String job) {
        List<JsonNode> points = history.series(model);
        for (int i = points.size() - 1; i >= 0; i--) {
            if (job.equals(points.get(i).path("job").asText())) {
                return Optional.of(points.get(i));
            }
        }
        return Optional.empty();
    }
}
