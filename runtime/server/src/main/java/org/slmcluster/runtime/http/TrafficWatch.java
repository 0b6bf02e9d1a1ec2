package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Watches the traffic the OpenAI-compatible API serves, where no reference answer exists: per model, the
 * distributions of prompt length (characters), answer length (generated tokens), latency (seconds, completed
 * requests) and outcome ({@code ok} or the failure reason) over windows of {@code slm.alerts.traffic-window}
 * requests. The first full window of a model is its baseline; every later full window is compared with it by the
 * {@link PopulationStabilityIndex} over fixed bins (see {@link #PROMPT_EDGES}, {@link #ANSWER_EDGES},
 * {@link #LATENCY_EDGES}; outcomes are their own bins). A feature whose PSI passes
 * {@code slm.alerts.traffic-psi-threshold} (0.2, the usual "significant shift") raises one alert with its numbers
 * when it starts to shift (not again for every window while it stays shifted). The baseline lives in memory: a
 * restarted coordinator takes a new one.
 */
final class TrafficWatch {

    static final String WINDOW_SETTING = "slm.alerts.traffic-window";
    static final String THRESHOLD_SETTING = "slm.alerts.traffic-psi-threshold";
    static final int DEFAULT_WINDOW = 200;
    static final int MIN_WINDOW = 10;
    static final double DEFAULT_THRESHOLD = 0.2;

    /** Upper bounds (inclusive) of the prompt-length bins in characters: powers of two; one more bin above. */
    static final double[] PROMPT_EDGES = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
    /** Upper bounds of the answer-length bins in generated tokens; one more bin above. */
    static final double[] ANSWER_EDGES = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
    /** Upper bounds of the latency bins in seconds (coarse below 0.1 s so scheduling noise is no shift). */
    static final double[] LATENCY_EDGES = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    static final String OK = "ok";

    private final int window;
    private final double threshold;
    private final Consumer<JsonNode> alerts;
    private final Map<String, ModelTraffic> models = new TreeMap<>();

    TrafficWatch(int window, double threshold, Consumer<JsonNode> alerts) {
        if (window < MIN_WINDOW) {
            throw new IllegalArgumentException(
                    WINDOW_SETTING + " must be at least " + MIN_WINDOW + " requests, got " + window);
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(THRESHOLD_SETTING + " must be a number above 0, got " + threshold);
        }
        this.window = window;
        this.threshold = threshold;
        this.alerts = alerts;
    }

    /** The watch {@code config} asks for; a bad setting fails with a message naming it. */
    static TrafficWatch fromConfig(Config config, Consumer<JsonNode> alerts) {
        try {
            int window = config.hasPath(WINDOW_SETTING) ? config.getInt(WINDOW_SETTING) : DEFAULT_WINDOW;
            double threshold =
                    config.hasPath(THRESHOLD_SETTING) ? config.getDouble(THRESHOLD_SETTING) : DEFAULT_THRESHOLD;
            return new TrafficWatch(window, threshold, alerts);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    WINDOW_SETTING + " must be a whole number and " + THRESHOLD_SETTING + " a number: "
                            + e.getMessage(),
                    e);
        }
    }

    int window() {
        return window;
    }

    double threshold() {
        return threshold;
    }

    /** A request that was answered: its prompt's characters, the tokens generated and the time to the answer. */
    void completed(String model, long promptCharacters, long answerTokens, double latencySeconds) {
        observe(model, promptCharacters, answerTokens, latencySeconds, OK);
    }

    /** A request that failed with {@code reason} (a failure kind or error type). */
    void failed(String model, long promptCharacters, String reason) {
        observe(model, promptCharacters, -1, -1, reason);
    }

    private void observe(String model, long promptCharacters, long answerTokens, double latency, String outcome) {
        List<JsonNode> raised;
        synchronized (this) {
            ModelTraffic traffic = models.computeIfAbsent(model, m -> new ModelTraffic());
            Window current = traffic.current;
            current.prompt[bin(PROMPT_EDGES, (double) promptCharacters)]++;
            if (answerTokens >= 0) {
                current.answer[bin(ANSWER_EDGES, (double) answerTokens)]++;
                current.latency[bin(LATENCY_EDGES, latency)]++;
            }
            current.outcomes.merge(outcome, 1L, Long::sum);
            current.requests++;
            if (current.requests < window) {
                return;
            }
            traffic.current = new Window();
            if (traffic.baseline == null) {
                traffic.baseline = current;
                return;
            }
            raised = compare(model, traffic, current);
        }
        raised.forEach(alerts);
    }

    private List<JsonNode> compare(String model, ModelTraffic traffic, Window current) {
        Window baseline = traffic.baseline;
        traffic.windows++;
        List<JsonNode> raised = new ArrayList<>();
        TreeSet<String> outcomes = new TreeSet<>(baseline.outcomes.keySet());
        outcomes.addAll(current.outcomes.keySet());
        List<String> outcomeBins = new ArrayList<>(outcomes);
        List<Comparison> comparisons = List.of(
                new Comparison("prompt_characters", labels(PROMPT_EDGES), baseline.prompt, current.prompt),
                new Comparison("answer_tokens", labels(ANSWER_EDGES), baseline.answer, current.answer),
                new Comparison("latency_seconds", labels(LATENCY_EDGES), baseline.latency, current.latency),
                new Comparison(
                        "outcome",
                        outcomeBins,
                        counts(baseline.outcomes, outcomeBins),
                        counts(current.outcomes, outcomeBins)));
        for (Comparison comparison : comparisons) {
            if (sum(comparison.baseline) == 0 || sum(comparison.current) == 0) {
                // nothing to compare (e.g. no answer at all in one window): the outcome feature shows that
                traffic.psi.remove(comparison.feature);
                traffic.shifted.remove(comparison.feature);
                continue;
            }
            double psi = PopulationStabilityIndex.of(comparison.baseline, comparison.current);
            traffic.psi.put(comparison.feature, psi);
            boolean shifted = psi > threshold;
            boolean wasShifted = Boolean.TRUE.equals(traffic.shifted.put(comparison.feature, shifted));
            if (shifted && !wasShifted) {
                raised.add(alert(model, comparison, psi));
            }
        }
        return raised;
    }

    private ObjectNode alert(String model, Comparison comparison, double psi) {
        ObjectNode alert = JsonFields.JSON.createObjectNode();
        alert.put("kind", "traffic_shift");
        alert.put("at", Instant.now().toString());
        alert.put("model", model);
        alert.put("feature", comparison.feature);
        alert.put("psi", psi);
        alert.put("threshold", threshold);
        alert.put("window_requests", window);
        comparison.bins.forEach(alert.putArray("bins")::add);
        for (long count : comparison.baseline) {
            alert.withArray("baseline_counts").add(count);
        }
        for (long count : comparison.current) {
            alert.withArray("current_counts").add(count);
        }
        alert.put(
                "test",
                "population stability index of this window against the baseline window, counts + "
                        + PopulationStabilityIndex.SMOOTHING + " per bin, above the threshold");
        return alert;
    }

    /**
     * Gauges in the Prometheus text format: {@code slm_traffic_psi} and {@code slm_traffic_shift} per model and
     * feature (of the last compared window), {@code slm_traffic_windows_compared_total} per model.
     */
    synchronized String exposition() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP slm_traffic_psi Population stability index of the last window of API traffic against ")
                .append("the baseline window, by model and feature.\n# TYPE slm_traffic_psi gauge\n");
        models.forEach((model, traffic) -> traffic.psi.forEach((feature, psi) -> out.append("slm_traffic_psi")
                .append(labels(model, feature))
                .append(' ')
                .append(ApiMetrics.number(psi))
                .append('\n')));
        out.append("# HELP slm_traffic_shift 1 when the last window's PSI passed the threshold of ")
                .append(ApiMetrics.number(threshold))
                .append(".\n# TYPE slm_traffic_shift gauge\n");
        models.forEach((model, traffic) -> traffic.shifted.forEach((feature, shifted) -> out.append("slm_traffic_shift")
                .append(labels(model, feature))
                .append(' ')
                .append(shifted ? 1 : 0)
                .append('\n')));
        out.append("# HELP slm_traffic_windows_compared_total Windows of API traffic compared with the baseline.\n")
                .append("# TYPE slm_traffic_windows_compared_total counter\n");
        models.forEach((model, traffic) -> out.append("slm_traffic_windows_compared_total{model=\"")
                .append(ApiMetrics.escape(model))
                .append("\"} ")
                .append(traffic.windows)
                .append('\n'));
        return out.toString();
    }

    private static String labels(String model, String feature) {
        return "{model=\"" + ApiMetrics.escape(model) + "\",feature=\"" + feature + "\"}";
    }

    /** The index of the first bin whose upper bound is at least {@code value}; the last bin takes the rest. */
    static int bin(double[] edges, double value) {
        for (int i = 0; i < edges.length; i++) {
            if (value <= edges[i]) {
                return i;
            }
        }
        return edges.length;
    }

    private static List<String> labels(double[] edges) {
        List<String> labels = new ArrayList<>();
        for (double edge : edges) {
            labels.add("<=" + ApiMetrics.number(edge));
        }
        labels.add(">" + ApiMetrics.number(edges[edges.length - 1]));
        return labels;
    }

    private static long[] counts(Map<String, Long> outcomes, List<String> bins) {
        long[] counts = new long[bins.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = outcomes.getOrDefault(bins.get(i), 0L);
        }
        return counts;
    }

    private static long sum(long[] counts) {
        long sum = 0;
        for (long count : counts) {
            sum += count;
        }
        return sum;
    }

    /** One feature's bins and counts in both windows. */
    private static final class Comparison {
        final String feature;
        final List<String> bins;
        final long[] baseline;
        final long[] current;

        Comparison(String feature, List<String> bins, long[] baseline, long[] current) {
            this.feature = feature;
            this.bins = bins;
            this.baseline = baseline;
            this.current = current;
        }
    }

    private static final class Window {
        final long[] prompt = new long[PROMPT_EDGES.length + 1];
        final long[] answer = new long[ANSWER_EDGES.length + 1];
        final long[] latency = new long[LATENCY_EDGES.length + 1];
        final Map<String, Long> outcomes = new TreeMap<>();
        int requests;
    }

    private static final class ModelTraffic {
        Window baseline;
        Window current = new Window();
        long windows;
        final Map<String, Double> psi = new TreeMap<>();
        final Map<String, Boolean> shifted = new TreeMap<>();
    }
}
