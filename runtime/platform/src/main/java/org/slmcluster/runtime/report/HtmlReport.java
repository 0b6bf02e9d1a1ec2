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
import java.util.Optional;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.TaskView;

/**
 * The self-contained HTML report: no scripts and no external assets, charts as inline SVG. Per task
 * (a {@code section.task}): the models' headline score with 95% intervals ({@code svg.chart-bar}, exactly
 * one per task), score against tokens per second ({@code svg.chart-speed}), score against model size
 * ({@code svg.chart-size}, when sizes are known) and the adherence failures ({@code svg.chart-adherence});
 * then the ledger table, the per-metric views and the run manifest. All text is escaped.
 */
public final class HtmlReport {

    private static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };
    private static final Map<AdherenceFlag, String> FLAG_COLORS = Map.of(
            AdherenceFlag.EXTRA_CONTENT,
            "#f28e2b",
            AdherenceFlag.PROMPT_ECHO,
            "#e15759",
            AdherenceFlag.INVALID_LABEL,
            "#b07aa1",
            AdherenceFlag.UNPARSEABLE,
            "#9c755f");

    private HtmlReport() {}

    public static void write(JobReport report, Path file) {
        try {
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String render(JobReport report) {
        StringBuilder html = new StringBuilder();
        String suite = report.manifest().map(RunManifest::suite).orElse("");
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>slm-cluster report: ")
                .append(Html.escape(report.jobId()))
                .append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}\n")
                .append(
                        "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}\n")
                .append(
                        "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(
                        ".charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid #eee;background:#fff}\n")
                .append(
                        ".legend span{display:inline-block;margin-right:14px;font-size:13px}.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}\n")
                .append("code{font-size:12px}.note{color:#666;font-size:13px}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Evaluation report: job ")
                .append(Html.escape(report.jobId()))
                .append("</h1>\n");
        html.append("<p>Suite <b>")
                .append(Html.escape(suite))
                .append("</b>, ")
                .append(report.models().size())
                .append(" model(s), ")
                .append(report.tasks().size())
                .append(
                        " task(s). Intervals are bootstrap 95% "
                                + "intervals of the mean; scores named chrF/chrF++/BLEU are on a 0-100 scale, the others 0-1.</p>\n");
        legend(html, report.models());

        html.append("<h2>Ledger</h2>\n");
        summaryTable(html, report);

        if (StudyFigures.drawnFor(suite)) {
            StudyFigures.append(html, report, m -> color(report, m));
        }
        for (String task : report.tasks()) {
            taskSection(html, report, task);
        }
        report.manifest().ifPresent(manifest -> manifestSection(html, manifest));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String color(JobReport report, String model) {
        int index = report.models().indexOf(model);
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    private static void legend(StringBuilder html, List<String> models) {
        html.append("<p class=\"legend\">");
        for (int i = 0; i < models.size(); i++) {
            html.append("<span><i class=\"swatch\" style=\"background:")
                    .append(PALETTE[i % PALETTE.length])
                    .append("\"></i>")
                    .append(Html.escape(models.get(i)))
                    .append("</span>");
        }
        html.append("</p>\n");
    }

    private static void summaryTable(StringBuilder html, JobReport report) {
        html.append("<table class=\"ledger\">\n<tr><th>model</th>");
        for (String task : report.tasks()) {
            html.append("<th>").append(Html.escape(task));
            Headline.nameOf(report.viewsOf(task))
                    .ifPresent(m -> html.append(" (")
                            .append(Html.escape(Headline.label(m)))
                            .append(')'));
            html.append("</th>");
        }
        html.append(
                "<th>items</th><th>tok/s</th><th>latency p50 ms</th><th>latency p95 ms</th><th>size MB</th></tr>\n");
        for (String model : report.models()) {
            html.append("<tr><td>").append(Html.escape(model)).append("</td>");
            for (String task : report.tasks()) {
                html.append("<td class=\"n\">")
                        .append(Html.escape(
                                report.view(model, task).map(LedgerTable::cell).orElse("-")))
                        .append("</td>");
            }
            JobReport.ModelSummary summary = report.summaries().get(model);
            html.append("<td class=\"n\">")
                    .append(summary.items())
                    .append("</td>")
                    .append(numberCell(summary.meanTokensPerSecond(), "%.1f"))
                    .append(numberCell(summary.latencyP50Millis(), "%.0f"))
                    .append(numberCell(summary.latencyP95Millis(), "%.0f"))
                    .append("<td class=\"n\">")
                    .append(
                            summary.sizeBytes().isPresent()
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.2f",
                                            summary.sizeBytes().getAsLong() / 1e6)
                                    : "-")
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String numberCell(double value, String format) {
        return "<td class=\"n\">" + String.format(Locale.ROOT, format, value) + "</td>";
    }

    private static void taskSection(StringBuilder html, JobReport report, String task) {
        List<TaskView> views = report.viewsOf(task);
        Optional<String> metric = Headline.nameOf(views);
        String kind = views.isEmpty() ? "" : views.get(0).kind().name().toLowerCase(Locale.ROOT);
        html.append("<section class=\"task\" data-task=\"")
                .append(Html.escape(task))
                .append("\">\n<h2>Task ")
                .append(Html.escape(task))
                .append(" <small>(")
                .append(Html.escape(kind))
                .append(")</small></h2>\n");
        html.append("<div class=\"charts\">\n");
        String yLabel = metric.map(Headline::label).orElse("mean output tokens");
        double yMax = metric.map(m -> axisMax(m, views))
                .orElseGet(() -> SvgCharts.niceMax(views.stream()
                        .mapToDouble(TaskView::meanOutputTokens)
                        .max()
                        .orElse(1)));

        List<SvgCharts.Bar> bars = new ArrayList<>();
        List<SvgCharts.Point> speed = new ArrayList<>();
        List<SvgCharts.Point> size = new ArrayList<>();
        List<SvgCharts.Stack> adherence = new ArrayList<>();
        for (TaskView view : views) {
            String color = color(report, view.model());
            Optional<MetricSummary> headline = metric.map(m -> view.metrics().get(m));
            double score =
                    headline.map(MetricSummary::mean).orElse(metric.isPresent() ? Double.NaN : view.meanOutputTokens());
            bars.add(new SvgCharts.Bar(
                    view.model(),
                    score,
                    headline.map(MetricSummary::ciLow).orElse(Double.NaN),
                    headline.map(MetricSummary::ciHigh).orElse(Double.NaN),
                    color));
            speed.add(new SvgCharts.Point(view.model(), view.meanTokensPerSecond(), score, color));
            report.summaries()
                    .get(view.model())
                    .sizeBytes()
                    .ifPresent(bytes -> size.add(new SvgCharts.Point(view.model(), bytes / 1e6, score, color)));
            List<SvgCharts.Segment> segments = new ArrayList<>();
            for (AdherenceFlag flag : AdherenceFlag.values()) {
                segments.add(new SvgCharts.Segment(
                        flagName(flag), view.adherence().getOrDefault(flag, 0.0), FLAG_COLORS.get(flag)));
            }
            adherence.add(new SvgCharts.Stack(view.model(), segments));
        }
        html.append(SvgCharts.bars("chart-bar", task + ": " + yLabel + " by model", yLabel, bars, yMax));
        html.append(SvgCharts.scatter(
                "chart-speed", task + ": " + yLabel + " vs tokens/s", "tokens per second", yLabel, speed, yMax));
        if (size.isEmpty()) {
            html.append("<p class=\"note\">No model sizes known (weights not on this machine or remote models): "
                    + "no size chart.</p>\n");
        } else {
            html.append(SvgCharts.scatter(
                    "chart-size",
                    task + ": " + yLabel + " vs model size",
                    "weights file size (MB)",
                    yLabel,
                    size,
                    yMax));
        }
        double adherenceMax = Math.max(
                1.0,
                adherence.stream()
                        .mapToDouble(s -> s.segments().stream()
                                .mapToDouble(SvgCharts.Segment::value)
                                .sum())
                        .max()
                        .orElse(1));
        html.append(SvgCharts.stacked(
                "chart-adherence",
                task + ": adherence failures",
                "share of answers (stacked)",
                adherence,
                SvgCharts.niceMax(adherenceMax)));
        html.append("</div>\n<p class=\"legend\">");
        for (AdherenceFlag flag : AdherenceFlag.values()) {
            html.append("<span><i class=\"swatch\" style=\"background:")
                    .append(FLAG_COLORS.get(flag))
                    .append("\"></i>")
                    .append(Html.escape(flagName(flag)))
                    .append("</span>");
        }
        html.append("</p>\n");
        detailTable(html, views);
        report.skippedJudgeOf(task)
                .ifPresent(note -> html.append("<p class=\"note judge-skipped\">")
                        .append(Html.escape(note))
                        .append("</p>\n"));
        Map<String, Map<String, Integer>> judgeFailures = report.judgeFailuresOf(task);
        if (!judgeFailures.isEmpty()) {
            List<String> parts = new ArrayList<>();
            judgeFailures.forEach(
                    (model, metrics) -> metrics.forEach((name, count) -> parts.add(model + " " + name + " " + count)));
            html.append(
                            "<p class=\"note judge-failures\">Judge failures (verdicts missing from the judged means: ragas-*, correct, "
                                    + "see n): ")
                    .append(Html.escape(String.join(", ", parts)))
                    .append("</p>\n");
        }
        html.append("</section>\n");
    }

    static double axisMax(String metric, List<TaskView> views) {
        double highest = views.stream()
                .map(v -> v.metrics().get(metric))
                .filter(s -> s != null)
                .mapToDouble(s -> Math.max(s.mean(), s.ciHigh()))
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(0);
        double scale = Headline.percentScale(metric) ? 100 : 1;
        return highest <= scale ? scale : SvgCharts.niceMax(highest);
    }

    private static String flagName(AdherenceFlag flag) {
        return flag.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static void detailTable(StringBuilder html, List<TaskView> views) {
        html.append(
                "<table class=\"views\">\n<tr><th>model</th><th>score</th><th>n</th><th>mean</th><th>sd</th><th>95% CI</th>"
                        + "<th>p50 ms</th><th>p95 ms</th><th>tok/s</th><th>out tokens</th><th>out chars</th>");
        for (AdherenceFlag flag : AdherenceFlag.values()) {
            html.append("<th>").append(Html.escape(flagName(flag))).append("</th>");
        }
        html.append("<th>cached</th></tr>\n");
        for (TaskView view : views) {
            List<String[]> rows = new ArrayList<>();
            for (MetricSummary summary : view.metrics().values()) {
                rows.add(new String[] {
                    summary.metric(),
                    Integer.toString(summary.count()),
                    f(summary.mean()),
                    f(summary.stdDev()),
                    "[" + f(summary.ciLow()) + ", " + f(summary.ciHigh()) + "]"
                });
            }
            view.corpus()
                    .forEach((name, value) -> rows.add(
                            new String[] {name + " (corpus)", Integer.toString(view.count()), f(value), "", ""}));
            if (rows.isEmpty()) {
                rows.add(new String[] {"(no scores)", Integer.toString(view.count()), "", "", ""});
            }
            for (int i = 0; i < rows.size(); i++) {
                html.append("<tr>");
                if (i == 0) {
                    html.append("<td rowspan=\"")
                            .append(rows.size())
                            .append("\">")
                            .append(Html.escape(view.model()))
                            .append("</td>");
                }
                String[] row = rows.get(i);
                html.append("<td>").append(Html.escape(row[0])).append("</td>");
                for (int c = 1; c < row.length; c++) {
                    html.append("<td class=\"n\">").append(Html.escape(row[c])).append("</td>");
                }
                if (i == 0) {
                    String span = "<td class=\"n\" rowspan=\"" + rows.size() + "\">";
                    html.append(span)
                            .append(f(view.latencyP50Millis()))
                            .append("</td>")
                            .append(span)
                            .append(f(view.latencyP95Millis()))
                            .append("</td>")
                            .append(span)
                            .append(f(view.meanTokensPerSecond()))
                            .append("</td>")
                            .append(span)
                            .append(f(view.meanOutputTokens()))
                            .append("</td>")
                            .append(span)
                            .append(f(view.meanOutputChars()))
                            .append("</td>");
                    for (AdherenceFlag flag : AdherenceFlag.values()) {
                        html.append(span)
                                .append(f(view.adherence().getOrDefault(flag, 0.0)))
                                .append("</td>");
                    }
                    html.append(span).append(view.cachedCount()).append("</td>");
                }
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static String f(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void manifestSection(StringBuilder html, RunManifest manifest) {
        html.append("<section class=\"manifest\">\n<h2>Run manifest</h2>\n<table>\n");
        row(html, "job", manifest.jobId());
        row(html, "state", manifest.state());
        row(html, "suite", manifest.suite() + " (sha256 " + manifest.suiteHash() + ")");
        row(html, "prompts sha256", manifest.promptsHash());
        row(
                html,
                "seeds",
                manifest.seeds().isEmpty() ? "the suite's" : manifest.seeds().toString());
        row(html, "started", manifest.startedAt());
        row(html, "ended", manifest.endedAt() == null ? "(running)" : manifest.endedAt());
        row(html, "code version", manifest.codeVersion());
        if (manifest.topology() != null) {
            row(
                    html,
                    "topology",
                    "arity " + manifest.topology().arity() + ", depth "
                            + manifest.topology().depth() + ", coordinator "
                            + manifest.topology().coordinator());
        }
        html.append(
                "</table>\n<h3>Models</h3>\n<table>\n<tr><th>model</th><th>engine</th><th>file / remote model</th><th>sha256</th></tr>\n");
        manifest.models()
                .forEach((name, entry) -> html.append("<tr><td>")
                        .append(Html.escape(name))
                        .append("</td><td>")
                        .append(Html.escape(entry.engine()))
                        .append("</td><td>")
                        .append(Html.escape(
                                entry.file() != null
                                        ? entry.file()
                                        : entry.remoteModel()
                                                + (entry.baseUrl() == null ? "" : " @ " + entry.baseUrl())))
                        .append("</td><td><code>")
                        .append(Html.escape(entry.fileSha256()))
                        .append("</code></td></tr>\n"));
        html.append(
                "</table>\n<h3>Generation parameters per task</h3>\n<table>\n<tr><th>task</th><th>parameters</th></tr>\n");
        manifest.generation()
                .forEach((task, parameters) -> html.append("<tr><td>")
                        .append(Html.escape(task))
                        .append("</td><td><code>")
                        .append(Html.escape(String.valueOf(parameters)))
                        .append("</code></td></tr>\n"));
        html.append("</table>\n<h3>Dataset files</h3>\n<table>\n<tr><th>task</th><th>file</th><th>sha256</th></tr>\n");
        manifest.datasetHashes()
                .forEach((task, files) -> files.forEach((file, hash) -> html.append("<tr><td>")
                        .append(Html.escape(task))
                        .append("</td><td>")
                        .append(Html.escape(file))
                        .append("</td><td><code>")
                        .append(Html.escape(hash))
                        .append("</code></td></tr>\n")));
        html.append("</table>\n</section>\n");
    }

    private static void row(StringBuilder html, String key, String value) {
        html.append("<tr><th>")
                .append(Html.escape(key))
                .append("</th><td>")
                .append(Html.escape(value))
                .append("</td></tr>\n");
    }
}
