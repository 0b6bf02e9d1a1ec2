package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.ledger.TaskView;

/**
 * The ledgers as gauges on the coordinator's {@code /metrics}: each model's current score per task and
 * metric (mean and 95% interval) and items, labelled with the weights version of its latest run. Views
 * are read at most every {@link #MAX_AGE} (they are computed from every recorded item).
 */
final class ScoreGauges {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private record Snapshot(
            long takenNanos, List<ModelView> views, Map<String, String> versions, List<JsonNode> drift) {}

    private final Supplier<CompletionStage<List<ModelView>>> views;
    private final UnaryOperator<String> versionOf;
    private final Function<List<String>, List<JsonNode>> latestDrift;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile Snapshot snapshot = new Snapshot(0, List.of(), Map.of(), List.of());

    /**
     * @param views     every model's ledger view, read off the actor threads
     * @param versionOf a model's weights version (its latest run's), "" when unknown
     * @param latestDrift the latest history point with drift comparisons of each of the given models
     */
    ScoreGauges(
            Supplier<CompletionStage<List<ModelView>>> views,
            UnaryOperator<String> versionOf,
            Function<List<String>, List<JsonNode>> latestDrift) {
        this.views = views;
        this.versionOf = versionOf;
        this.latestDrift = latestDrift;
        drift(
                "slm_drift_alert",
                "1 when a model's latest run drifted from its baseline on a task and metric.",
                c -> c.path("drifted").asBoolean() ? 1 : 0);
        drift(
                "slm_drift_score_difference",
                "Mean per-item score difference of a model's latest run minus its baseline (shared items).",
                c -> c.path("difference").asDouble());
        score("slm_ledger_score", "A model's mean score per task and metric over its ledger.", MetricSummary::mean);
        score(
                "slm_ledger_score_ci_low",
                "Lower end of the bootstrap 95% interval of the mean score.",
                MetricSummary::ciLow);
        score(
                "slm_ledger_score_ci_high",
                "Upper end of the bootstrap 95% interval of the mean score.",
                MetricSummary::ciHigh);
        GaugeWithCallback.builder()
                .name("slm_ledger_items")
                .help("Items recorded in a model's ledger per task (all seeds).")
                .labelNames("model", "version", "task")
                .callback(cb -> {
                    Snapshot now = snapshot;
                    for (ModelView view : now.views()) {
                        for (TaskView task : view.tasks()) {
                            cb.call(
                                    task.count(),
                                    view.model(),
                                    now.versions().getOrDefault(view.model(), ""),
                                    task.task());
                        }
                    }
                })
                .register(registry);
    }

    private void drift(String name, String help, ToDoubleFunction<JsonNode> figure) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("model", "task", "metric")
                .callback(cb -> {
                    for (JsonNode point : snapshot.drift()) {
                        for (JsonNode comparison : point.path("drift").path("comparisons")) {
                            cb.call(
                                    figure.applyAsDouble(comparison),
                                    point.path("model").asText(),
                                    comparison.path("task").asText(),
                                    comparison.path("metric").asText());
                        }
                    }
                })
                .register(registry);
    }

    private void score(String name, String help, ToDoubleFunction<MetricSummary> figure) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("model", "version", "task", "metric")
                .callback(cb -> {
                    Snapshot now = snapshot;
                    for (ModelView view : now.views()) {
                        String version = now.versions().getOrDefault(view.model(), "");
                        for (TaskView task : view.tasks()) {
                            for (MetricSummary summary : task.metrics().values()) {
                                cb.call(
                                        figure.applyAsDouble(summary),
                                        view.model(),
                                        version,
                                        task.task(),
                                        summary.metric());
                            }
                        }
                    }
                })
                .register(registry);
    }

    /** The gauges' exposition; the views are re-read first when older than {@link #MAX_AGE}. */
    CompletionStage<String> scrape() {
        Snapshot current = snapshot;
        CompletionStage<Snapshot> fresh =
                System.nanoTime() - current.takenNanos() < MAX_AGE.toNanos() && current.takenNanos() != 0
                        ? CompletableFuture.completedFuture(current)
                        : views.get().thenApply(read -> {
                            Map<String, String> versions = new HashMap<>();
                            read.forEach(view -> versions.put(view.model(), versionOf.apply(view.model())));
                            List<JsonNode> drift = latestDrift.apply(
                                    read.stream().map(ModelView::model).toList());
                            Snapshot taken = new Snapshot(System.nanoTime(), read, Map.copyOf(versions), drift);
                            snapshot = taken;
                            return taken;
                        });
        return fresh.handle((ignored, error) -> render());
    }

    private String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
