package org.slmcluster.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.cli.ReportCommand;
import org.slmcluster.runtime.jobs.JobState;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.testing.IntegrationTest;
import picocli.CommandLine;

/**
 * The demo flow in-process: the 7-member embedded cluster, both test models (from SLM_MODEL_PATH), the
 * smoke suite with a small token cap; then {@code slm report} writes the same report again from the
 * stored ledgers.
 */
@IntegrationTest
class DemoFlowTest {

    @TempDir
    Path dir;

    @Test
    void theSmokeSuiteRunsOnBothModelsAndTheReportIsWrittenAndRewritten() throws Exception {
        Path data = dir.resolve("data");
        Path suite = SuiteLocator.find("smoke").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        EmbeddedEvaluation.Outcome outcome = EmbeddedEvaluation.run(new EmbeddedEvaluation.Request(
                suite,
                EmbeddedEvaluation.DEFAULT_MODELS,
                List.of(),
                data,
                Optional.empty(),
                Optional.empty(),
                false,
                8,
                true,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(outcome.progress().state()).as(log).isEqualTo(JobState.COMPLETED);
        assertThat(outcome.complete()).isTrue();
        assertThat(log).contains("max-tokens capped at 8", "suite smoke-max8", "30 generations", "[####");

        String[] table = outcome.table().split("\n");
        assertThat(table).hasSize(4);
        assertThat(table[0]).contains("translation chrF++", "classification accuracy", "tok/s", "p50 ms");
        // tasks in the suite's order
        assertThat(table[0].indexOf("translation")).isLessThan(table[0].indexOf("summarization"));
        assertThat(table[0].indexOf("summarization")).isLessThan(table[0].indexOf("classification"));
        assertThat(table[2]).startsWith("llama-2-tiny-random");
        assertThat(table[3]).startsWith("stories260k");

        Path reportDir = data.resolve("jobs").resolve(outcome.jobId()).resolve("report");
        assertThat(outcome.files().html()).isEqualTo(reportDir.resolve("report.html"));
        assertThat(reportDir.resolve("report.html")).isRegularFile();
        assertThat(reportDir.resolve("views.csv")).isRegularFile();
        JsonNode views =
                LedgerJson.mapper().readTree(reportDir.resolve("views.json").toFile());
        List<String> models = new ArrayList<>();
        views.get("views").forEach(view -> models.add(view.get("model").asText()));
        assertThat(models).containsOnly("stories260k", "llama-2-tiny-random").hasSize(2 * 6);
        views.get("views").forEach(view -> assertThat(view.get("count").asInt()).isPositive());
        assertThat(views.get("manifest").get("suite").asText()).isEqualTo("smoke-max8");
        assertThat(views.get("models").get(0).get("sizeBytes").asLong()).isPositive();
        String html = Files.readString(reportDir.resolve("report.html"));
        assertThat(html).contains("stories260k", "llama-2-tiny-random", "class=\"chart-size\"");

        // slm report JOB: the same views again from the ledgers and the manifest
        Path again = dir.resolve("again");
        PrintStream savedOut = System.out;
        ByteArrayOutputStream reportOut = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(reportOut, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ReportCommand())
                    .execute(outcome.jobId(), "--data-dir", data.toString(), "--out", again.toString());
        } finally {
            System.setOut(savedOut);
        }
        assertThat(code).isZero();
        assertThat(reportOut.toString(StandardCharsets.UTF_8))
                .contains(
                        outcome.table().trim().split("\n")[2].trim(),
                        again.resolve("report.html").toAbsolutePath().toString());
        JsonNode rewritten =
                LedgerJson.mapper().readTree(again.resolve("views.json").toFile());
        assertThat(rewritten.get("views")).isEqualTo(views.get("views"));
        assertThat(Files.readString(again.resolve("views.csv")))
                .isEqualTo(Files.readString(reportDir.resolve("views.csv")));

        // slm report --compare: the two models' runs of this job, side by side
        ByteArrayOutputStream compareOut = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(compareOut, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ReportCommand())
                    .execute(
                            "--compare",
                            outcome.jobId() + "/stories260k",
                            outcome.jobId() + "/llama-2-tiny-random",
                            "--data-dir",
                            data.toString());
        } finally {
            System.setOut(savedOut);
        }
        String comparison = compareOut.toString(StandardCharsets.UTF_8);
        assertThat(code).as(comparison).isZero();
        assertThat(comparison)
                .contains("A = " + outcome.jobId() + "/stories260k", "B = " + outcome.jobId() + "/llama-2-tiny-random")
                .containsPattern("(?m)^translation +chrf\\+\\+ +3 ")
                .contains("items that changed most:", "    A: ", "    B: ");
    }
}
