package org.slmcluster.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.runtime.ledger.LedgerViews;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.suite.TaskKind;

class ReportFilesTest {

    @TempDir
    Path dir;

    private final JobReport report = ReportFixtures.report();

    @Test
    void viewsAreTheLedgerViewsOfEachModelAndTask() {
        Map<String, List<ScoredItem>> items = ReportFixtures.items();
        assertThat(report.views()).hasSize(6);
        for (TaskView view : report.views()) {
            List<ScoredItem> own = items.get(view.model()).stream()
                    .filter(i -> i.task().equals(view.task()))
                    .toList();
            assertThat(view).isEqualTo(LedgerViews.taskView(view.model(), view.task(), own));
        }
        assertThat(report.tasks()).containsExactlyElementsOf(ReportFixtures.TASKS);
    }

    @Test
    void jsonHoldsEveryViewWithTheLedgerNumbers() throws Exception {
        ReportFiles.Written written = ReportFiles.write(report, dir);
        JsonNode json = LedgerJson.mapper().readTree(written.json().toFile());

        assertThat(json.get("jobId").asText()).isEqualTo("job-1");
        assertThat(json.get("manifest").get("suite").asText()).isEqualTo(ReportFixtures.SUITE);
        assertThat(json.get("headline").get("translation").asText()).isEqualTo("chrf++");
        assertThat(json.get("headline").get("classification").asText()).isEqualTo("accuracy");
        assertThat(json.get("headline").get("generation").isNull()).isTrue();
        assertThat(json.get("views")).hasSize(report.views().size());
        for (int i = 0; i < report.views().size(); i++) {
            TaskView expected = report.views().get(i);
            JsonNode view = json.get("views").get(i);
            assertThat(view.get("model").asText()).isEqualTo(expected.model());
            assertThat(view.get("task").asText()).isEqualTo(expected.task());
            assertThat(view.get("count").asInt()).isEqualTo(expected.count());
            assertThat(view.get("latencyP50Millis").asDouble()).isEqualTo(expected.latencyP50Millis());
            assertThat(view.get("latencyP95Millis").asDouble()).isEqualTo(expected.latencyP95Millis());
            assertThat(view.get("meanTokensPerSecond").asDouble()).isEqualTo(expected.meanTokensPerSecond());
            assertThat(view.get("adherence").get("EXTRA_CONTENT").asDouble())
                    .isEqualTo(expected.adherence().get(AdherenceFlag.EXTRA_CONTENT));
            for (MetricSummary metric : expected.metrics().values()) {
                JsonNode node = view.get("metrics").get(metric.metric());
                assertThat(node.get("mean").asDouble()).isEqualTo(metric.mean());
                assertThat(node.get("stdDev").asDouble()).isEqualTo(metric.stdDev());
                assertThat(node.get("ciLow").asDouble()).isEqualTo(metric.ciLow());
                assertThat(node.get("ciHigh").asDouble()).isEqualTo(metric.ciHigh());
            }
            expected.corpus()
                    .forEach((name, value) ->
                            assertThat(view.get("corpus").get(name).asDouble()).isEqualTo(value));
        }
        JsonNode alpha = json.get("models").get(0);
        assertThat(alpha.get("model").asText()).isEqualTo("alpha");
        assertThat(alpha.get("items").asInt()).isEqualTo(18);
        assertThat(alpha.get("sizeBytes").isNull()).isTrue();
    }

    @Test
    void csvHasOneRowPerModelTaskAndScoreWithTheLedgerNumbers() throws Exception {
        ReportFiles.Written written = ReportFiles.write(report, dir);
        List<List<String>> rows = parseCsv(Files.readString(written.csv()));
        assertThat(rows.get(0)).containsExactlyElementsOf(ViewsCsv.HEADER);
        int expectedRows = report.views().stream()
                .mapToInt(v -> v.metrics().size() + v.corpus().size())
                .sum();
        assertThat(rows).hasSize(expectedRows + 1);
        int column = ViewsCsv.HEADER.indexOf("mean");
        for (TaskView view : report.views()) {
            for (MetricSummary metric : view.metrics().values()) {
                List<String> row = rows.stream()
                        .filter(r -> r.get(0).equals(view.model())
                                && r.get(1).equals(view.task())
                                && r.get(3).equals(metric.metric()))
                        .findFirst()
                        .orElseThrow();
                assertThat(row).hasSize(ViewsCsv.HEADER.size());
                assertThat(row.get(4)).isEqualTo("item");
                assertThat(Double.parseDouble(row.get(column))).isEqualTo(metric.mean());
                assertThat(Double.parseDouble(row.get(ViewsCsv.HEADER.indexOf("ci_high"))))
                        .isEqualTo(metric.ciHigh());
                assertThat(Double.parseDouble(row.get(ViewsCsv.HEADER.indexOf("latency_p95_ms"))))
                        .isEqualTo(view.latencyP95Millis());
            }
            view.corpus().forEach((name, value) -> {
                List<String> row = rows.stream()
                        .filter(r -> r.get(0).equals(view.model())
                                && r.get(1).equals(view.task())
                                && r.get(3).equals(name)
                                && r.get(4).equals("corpus"))
                        .findFirst()
                        .orElseThrow();
                assertThat(Double.parseDouble(row.get(column))).isEqualTo(value);
            });
        }
        // the nasty model name survives quoting
        assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).isEqualTo(ReportFixtures.NASTY_MODEL));
    }

    @Test
    void tableShowsTheHeadlineOfEachTaskAndTheEfficiencyColumns() {
        String table = LedgerTable.render(report);
        String[] lines = table.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("translation chrF++", "classification accuracy", "generation", "tok/s", "p50 ms");
        TaskView alphaTranslation = report.view("alpha", "translation").orElseThrow();
        TaskView alphaClassification = report.view("alpha", "classification").orElseThrow();
        assertThat(lines[2])
                .startsWith("alpha")
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "%.1f",
                        alphaTranslation.metrics().get("chrf++").mean()))
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "%.3f (F1 %.3f)",
                        alphaClassification.corpus().get("accuracy"),
                        alphaClassification.corpus().get("macro-f1")))
                .contains(String.format(
                        java.util.Locale.ROOT,
                        "%.0f",
                        report.summaries().get("alpha").latencyP50Millis()));
        assertThat(lines[3]).startsWith(ReportFixtures.NASTY_MODEL);
        List<ScoredItem> alpha = ReportFixtures.items().get("alpha");
        double[] latencies =
                alpha.stream().mapToDouble(ScoredItem::latencyMillis).sorted().toArray();
        assertThat(report.summaries().get("alpha").latencyP50Millis())
                .isEqualTo(LedgerViews.nearestRank(latencies, 0.5));
        assertThat(report.summaries().get("alpha").meanTokensPerSecond())
                .isCloseTo(
                        alpha.stream()
                                .mapToDouble(ScoredItem::tokensPerSecond)
                                .average()
                                .orElseThrow(),
                        within(1e-9));
    }

    @Test
    void judgeFailuresArePerTaskModelAndMetricAndNotedUnderTheTask() {
        Map<String, List<ScoredItem>> items = new LinkedHashMap<>();
        items.put(
                "alpha",
                List.of(
                        rag(
                                "alpha",
                                "q1",
                                Map.of("ragas-context-recall", 0.5),
                                Map.of(
                                        RagJudging.FAILURES,
                                        "1",
                                        RagJudging.FAILURE_PREFIX + "faithfulness",
                                        "JUDGE_FAILED: prose")),
                        rag(
                                "alpha",
                                "q2",
                                Map.of(),
                                Map.of(
                                        RagJudging.FAILURES,
                                        "2",
                                        RagJudging.FAILURE_PREFIX + "faithfulness",
                                        "JUDGE_FAILED: prose",
                                        RagJudging.FAILURE_PREFIX + "context-recall",
                                        "JUDGE_FAILED: prose")),
                        rag(
                                "alpha",
                                "q3",
                                Map.of("ragas-faithfulness", 1.0, "ragas-context-recall", 1.0),
                                Map.of(RagJudging.FAILURES, "0"))));
        items.put(
                "<beta>",
                List.of(rag("<beta>", "q1", Map.of("ragas-faithfulness", 1.0), Map.of(RagJudging.FAILURES, "0"))));
        JobReport judged = JobReport.of("job-2", Optional.empty(), List.of("rag"), items);

        assertThat(judged.judgeFailuresOf("rag"))
                .isEqualTo(Map.of("alpha", Map.of("faithfulness", 2, "context-recall", 1)));
        assertThat(judged.judgeFailures()).containsOnlyKeys("rag");
        assertThat(judged.view("alpha", "rag")
                        .orElseThrow()
                        .metrics()
                        .get("ragas-faithfulness")
                        .count())
                .isEqualTo(1);
        assertThat(HtmlReport.render(judged))
                .contains(
                        "<p class=\"note judge-failures\">Judge failures (verdicts missing "
                                + "from the judged means: ragas-*, correct, see n): alpha context-recall 1, alpha faithfulness 2</p>");
        // no judge, no note
        assertThat(report.judgeFailures()).isEmpty();
        assertThat(HtmlReport.render(report)).doesNotContain("judge-failures");
    }

    @Test
    void anOptionalJudgeThatDidNotJudgeIsNotedUnderItsTask() {
        Map<String, List<ScoredItem>> items = new LinkedHashMap<>();
        items.put("alpha", List.of(rag("alpha", "q1", Map.of("token-f1", 0.5), Map.of())));
        RunManifest base = ReportFixtures.manifest("job-3", List.of("alpha"));
        Map<String, Map<String, Object>> generation = new LinkedHashMap<>(base.generation());
        String note = "task rag: judge model <big> is not placed: correct not computed";
        generation.put(
                "rag",
                Map.of(
                        "judge",
                        Map.of("model", "<big>", "metrics", List.of("correct"), "optional", true, "skipped", note)));
        RunManifest manifest = new RunManifest(
                base.jobId(),
                base.suite(),
                base.suiteHash(),
                base.suiteFiles(),
                base.datasetHashes(),
                base.models(),
                base.seeds(),
                base.promptsHash(),
                generation,
                base.codeVersion(),
                base.topology(),
                base.startedAt(),
                base.endedAt(),
                base.state());
        JobReport skipped = JobReport.of("job-3", Optional.of(manifest), List.of("rag"), items);

        assertThat(skipped.skippedJudgeOf("rag")).contains(note);
        assertThat(HtmlReport.render(skipped))
                .contains("<p class=\"note judge-skipped\">task rag: judge model &lt;big&gt; is not placed: "
                        + "correct not computed</p>");
        // a judge that judged, or none: no note
        assertThat(report.skippedJudgeOf("rag")).isEmpty();
        assertThat(HtmlReport.render(report)).doesNotContain("judge-skipped");
    }

    private static ScoredItem rag(String model, String id, Map<String, Double> scores, Map<String, String> details) {
        return new ScoredItem(
                new TaskKey(ReportFixtures.SUITE, "rag", id, 42),
                model,
                TaskKind.RAG,
                "hash-" + id,
                "answer",
                scores,
                Set.of(),
                details,
                1_000_000L,
                20,
                5,
                5.0,
                "stop",
                "00",
                0,
                false,
                List.of(),
                0L);
    }

    @Test
    void htmlIsSelfContainedAndEscapesEveryText() throws Exception {
        ReportFiles.Written written = ReportFiles.write(report, dir);
        String html = Files.readString(written.html());
        // the only URL is the SVG namespace; nothing is loaded from anywhere
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .doesNotContain("<script", "http:", "https:", "src=", "href=", "<link", "url(", "@import");
        assertThat(html)
                .doesNotContain("<b>m&")
                .contains("&lt;b&gt;m&amp;&quot;2&quot;&lt;/b&gt;,x", "Be &lt;brief&gt;");
        assertThat(html.split("<svg class=\"chart-bar\"", -1)).hasSize(ReportFixtures.TASKS.size() + 1);
        assertThat(html.split("<svg class=\"chart-adherence\"", -1)).hasSize(ReportFixtures.TASKS.size() + 1);
        assertThat(html.split("<svg class=\"chart-speed\"", -1)).hasSize(ReportFixtures.TASKS.size() + 1);
        // sizes unknown (weights not on this machine): a note instead of the size chart
        assertThat(html).doesNotContain("chart-size").contains("No model sizes known");
    }

    /** RFC 4180 reader for the test (quoted cells, doubled quotes, CRLF). */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                // CRLF: the \n ends the row
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        assertThat(Arrays.asList(cell.toString(), String.valueOf(row.size()))).containsExactly("", "0");
        return rows;
    }
}
