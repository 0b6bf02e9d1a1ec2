package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertScoreCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CliRun run = CliRun.of(args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void jsonHoldsCorpusMeansAndSentenceScores() throws Exception {
        Path hyps = file("hyps.txt", "The cat sat on the mat.\nQuarterly revenue fell.\n");
        Path refs = file("refs.txt", "The cat sat on the mat.\nThe dog barked at the postman.\n");

        Run run = run(
                "score",
                "bertscore",
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--json",
                "--sentence-level");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("metric").asText()).isEqualTo("bertscore");
        JsonNode sentences = json.get("sentences");
        assertThat(sentences).hasSize(2);
        assertThat(sentences.get(0).get("f1").asDouble()).isCloseTo(1.0, within(1e-5));
        assertThat(sentences.get(1).get("f1").asDouble()).isLessThan(0.9);
        double meanF1 = (sentences.get(0).get("f1").asDouble()
                        + sentences.get(1).get("f1").asDouble())
                / 2;
        assertThat(json.get("f1").asDouble()).isCloseTo(meanF1, within(1e-12));
        double meanP = (sentences.get(0).get("precision").asDouble()
                        + sentences.get(1).get("precision").asDouble())
                / 2;
        assertThat(json.get("precision").asDouble()).isCloseTo(meanP, within(1e-12));
        assertThat(json.get("truncated").asInt()).isZero();
    }

    @Test
    void baselineRescalingAndSeveralReferenceStreams() throws Exception {
        Path hyps = file("hyps.txt", "A small dog runs in the park.\n");
        Path refs1 = file("r1.txt", "Interest rates rose again.\n");
        Path refs2 = file("r2.txt", "A little dog is running in the park.\n");

        JsonNode single = new ObjectMapper()
                .readTree(run("score", "bertscore", "--hyps", hyps.toString(), "--refs", refs2.toString(), "--json")
                        .out());
        Run both = run(
                "score",
                "bertscore",
                "--hyps",
                hyps.toString(),
                "--refs",
                refs1.toString(),
                "--refs",
                refs2.toString(),
                "--json",
                "--rescale-with-baseline",
                "0.5,0.5,0.5");

        assertThat(both.exit()).as(both.err()).isZero();
        JsonNode scaled = new ObjectMapper().readTree(both.out());
        // The best reference is the paraphrase; rescaling maps x to (x - 0.5) / 0.5.
        assertThat(scaled.get("f1").asDouble()).isCloseTo((single.get("f1").asDouble() - 0.5) / 0.5, within(1e-9));
        assertThat(scaled.get("rescaled").asBoolean()).isTrue();
    }

    @Test
    void humanOutputIsOneLine() throws Exception {
        Path hyps = file("hyps.txt", "hello world\n");
        Run run = run("score", "bertscore", "--hyps", hyps.toString(), "--refs", hyps.toString(), "--idf");
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip())
                .startsWith("BERTScore P: ")
                .contains("F1: ")
                .contains("idf")
                .doesNotContain("\n");
    }

    @Test
    void badInputIsReportedWithExitTwo() throws Exception {
        Path hyps = file("hyps.txt", "one\ntwo\n");
        Path refs = file("refs.txt", "one\n");

        Run mismatch = run("score", "bertscore", "--hyps", hyps.toString(), "--refs", refs.toString());
        assertThat(mismatch.exit()).isEqualTo(2);
        assertThat(mismatch.err()).contains("line counts differ");

        Run noEncoder = run(
                "score",
                "bertscore",
                "--hyps",
                hyps.toString(),
                "--refs",
                hyps.toString(),
                "--encoder",
                dir.resolve("missing").toString());
        assertThat(noEncoder.exit()).isEqualTo(2);
        assertThat(noEncoder.err()).contains("encoder directory not found");

        Run badBaseline = run(
                "score",
                "bertscore",
                "--hyps",
                hyps.toString(),
                "--refs",
                hyps.toString(),
                "--rescale-with-baseline",
                "0.8,x,0.8");
        assertThat(badBaseline.exit()).isEqualTo(2);
        assertThat(badBaseline.err()).contains("--rescale-with-baseline").contains("three numbers");

        Run noRefs = run("score", "bertscore", "--hyps", hyps.toString());
        assertThat(noRefs.exit()).isEqualTo(2);
        assertThat(noRefs.err()).contains("no references given");
    }
}
