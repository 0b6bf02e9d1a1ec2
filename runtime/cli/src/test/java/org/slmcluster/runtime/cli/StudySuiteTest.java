package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.testing.IntegrationTest;

/**
 * {@code slm eval --suite study} end to end on the embedded cluster with stories260k answering and judging
 * (capped at 8 tokens per answer). stories260k cannot write a JSON verdict, so every RAG verdict is a
 * reported judge failure and no {@code correct} score exists: never a 0 in its place.
 */
@IntegrationTest
class StudySuiteTest {

    @TempDir
    Path dir;

    @Test
    void theStudySuiteRunsAndTheReportDrawsTheFiveFigures() throws Exception {
        Path data = dir.resolve("data");
        Path report = dir.resolve("report");

        CliRun run = CliRun.of(
                "eval",
                "--suite",
                "study",
                "--models",
                "stories260k",
                "--max-tokens",
                "8",
                "--data-dir",
                data.toString(),
                "--out",
                report.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.err())
                .contains("suite study-max8")
                .contains("judge failures")
                .contains("stories260k correct");
        assertThat(run.out())
                .contains("translation chrF++")
                .contains("summarization BERTScore F1")
                .contains("ner NER score")
                .contains("classification accuracy");

        String html = Files.readString(report.resolve("report.html"));
        assertThat(html)
                .contains("The study's figures")
                .contains("Figure 1: Translation, chrF++")
                .contains("Figure 2: Summarization, BERTScore F1")
                .contains("Figure 3: Named entity recognition, NER score")
                .contains("Figure 4: Classification, accuracy")
                .contains("Figure 5 (Retrieval-augmented generation): no correct scores");

        JsonNode views =
                LedgerJson.mapper().readTree(report.resolve("views.json").toFile());
        JsonNode rag = null;
        for (JsonNode view : views.get("views")) {
            if (view.get("task").asText().equals("rag")) {
                rag = view;
            }
        }
        assertThat(rag).isNotNull();
        assertThat(rag.get("count").asInt()).isPositive();
        assertThat(rag.get("metrics").has("correct")).as(rag.toString()).isFalse();
        assertThat(rag.get("metrics").has("token-f1")).isTrue();
    }
}
