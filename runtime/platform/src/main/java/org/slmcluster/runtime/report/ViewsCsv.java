package org.slmcluster.runtime.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.TaskView;

/**
 * {@code views.csv} (RFC 4180): one row per model, task and score. Per-item scores ({@code level=item})
 * carry count, mean, sd and the 95% interval; corpus scores ({@code level=corpus}, classification) only a
 * value in {@code mean}. The view's efficiency and adherence columns repeat on each of its rows, so any
 * row can be read alone.
 */
public final class ViewsCsv {

    public static final List<String> HEADER = List.of(
            "model",
            "task",
            "kind",
            "metric",
            "level",
            "count",
            "mean",
            "sd",
            "ci_low",
            "ci_high",
            "items",
            "latency_p50_ms",
            "latency_p95_ms",
            "tokens_per_second",
            "mean_output_tokens",
            "mean_output_chars",
            "extra_content_rate",
            "prompt_echo_rate",
            "invalid_label_rate",
            "unparseable_rate",
            "cached");

    private ViewsCsv() {}

    public static String render(JobReport report) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (TaskView view : report.views()) {
            for (MetricSummary metric : view.metrics().values()) {
                List<String> cells = new ArrayList<>(List.of(
                        view.model(),
                        view.task(),
                        view.kind().name().toLowerCase(Locale.ROOT),
                        metric.metric(),
                        "item",
                        Integer.toString(metric.count()),
                        number(metric.mean()),
                        number(metric.stdDev()),
                        number(metric.ciLow()),
                        number(metric.ciHigh())));
                cells.addAll(efficiency(view));
                row(out, cells);
            }
            for (Map.Entry<String, Double> corpus : view.corpus().entrySet()) {
                List<String> cells = new ArrayList<>(List.of(
                        view.model(),
                        view.task(),
                        view.kind().name().toLowerCase(Locale.ROOT),
                        corpus.getKey(),
                        "corpus",
                        Integer.toString(view.count()),
                        number(corpus.getValue()),
                        "",
                        "",
                        ""));
                cells.addAll(efficiency(view));
                row(out, cells);
            }
        }
        return out.toString();
    }

    public static void write(JobReport report, Path file) {
        try {
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> efficiency(TaskView view) {
        return List.of(
                Integer.toString(view.count()),
                number(view.latencyP50Millis()),
                number(view.latencyP95Millis()),
                number(view.meanTokensPerSecond()),
                number(view.meanOutputTokens()),
                number(view.meanOutputChars()),
                number(view.adherence().getOrDefault(AdherenceFlag.EXTRA_CONTENT, 0.0)),
                number(view.adherence().getOrDefault(AdherenceFlag.PROMPT_ECHO, 0.0)),
                number(view.adherence().getOrDefault(AdherenceFlag.INVALID_LABEL, 0.0)),
                number(view.adherence().getOrDefault(AdherenceFlag.UNPARSEABLE, 0.0)),
                Integer.toString(view.cachedCount()));
    }

    /** Shortest text that reads back as the same double. */
    static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
