package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.testing.SyntheticEncoderExport;

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
        // bert_score's CLI line: "{hash} P: .. R: .. F1: .."
        assertThat(run.out().strip())
                .startsWith("all-MiniLM-L6-v2-int8(bundled default)_L6_idf_version=0.3.12(hug_trans=unknown) P: ")
                .contains("F1: ")
                .doesNotContain("\n");
    }

    @Test
    void layerAndBaselineFileOfAnExportWithEveryHiddenState() throws Exception {
        Path export = dir.resolve("synthetic");
        SyntheticEncoderExport.write(export, 30522, 8, 3, 11L, "4.40.2");
        try (InputStream in =
                OnnxEncoder.class.getClassLoader().getResourceAsStream(OnnxEncoder.DEFAULT_TOKENIZER_RESOURCE)) {
            Files.copy(in, export.resolve("tokenizer.json"));
        }
        Path baseline = file("roberta-large.tsv", "LAYER,P,R,F\n0,0.1,0.1,0.1\n1,0.2,0.3,0.4\n2,0.5,0.5,0.5\n");
        Path hyps = file("hyps.txt", "A small dog runs in the park.\nRates rose.\n");
        Path refs = file("refs.txt", "A little dog is running in the park.\nInterest rates rose again.\n");
        String[] anyLayer = {
            "score",
            "bertscore",
            "--hyps",
            hyps.toString(),
            "--refs",
            refs.toString(),
            "--encoder",
            export.toString(),
            "--model-type",
            "roberta-large",
            "--json"
        };
        String[] common = concat(anyLayer, "--layer", "1");

        Run raw = run(common);
        assertThat(raw.exit()).as(raw.err()).isZero();
        Run rescaled = run(concat(common, "--baseline", baseline.toString(), "--idf"));
        assertThat(rescaled.exit()).as(rescaled.err()).isZero();
        Run rawIdf = run(concat(common, "--idf"));
        JsonNode plain = new ObjectMapper().readTree(raw.out());
        JsonNode scaled = new ObjectMapper().readTree(rescaled.out());
        JsonNode idfOnly = new ObjectMapper().readTree(rawIdf.out());
        assertThat(plain.get("hash").asText()).isEqualTo("roberta-large_L1_no-idf_version=0.3.12(hug_trans=4.40.2)");
        assertThat(scaled.get("hash").asText())
                .isEqualTo("roberta-large_L1_idf_version=0.3.12(hug_trans=4.40.2)-rescaled");
        assertThat(scaled.get("layer").asInt()).isEqualTo(1);
        // layer 1's row: F baseline 0.4, applied per segment, then the mean
        assertThat(scaled.get("f1").asDouble())
                .isCloseTo((idfOnly.get("f1").asDouble() - 0.4) / (1 - 0.4), within(1e-9));
        Run last = run(
                "score",
                "bertscore",
                "--hyps",
                hyps.toString(),
                "--refs",
                refs.toString(),
                "--encoder",
                export.toString(),
                "--json");
        assertThat(new ObjectMapper().readTree(last.out()).get("f1").asDouble())
                .isNotCloseTo(plain.get("f1").asDouble(), within(1e-6));

        Run tooDeep = run(concat(anyLayer, "--layer", "9"));
        assertThat(tooDeep.exit()).isEqualTo(2);
        assertThat(tooDeep.err().strip())
                .contains("layer 9 is not in")
                .doesNotContain("\n")
                .doesNotContain("Exception");
        Run noRow = run(concat(anyLayer, "--layer", "3", "--baseline", baseline.toString()));
        assertThat(noRow.exit()).isEqualTo(2);
        assertThat(noRow.err().strip()).contains("has no row for layer 3").doesNotContain("\n");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
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
