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

/** Expected numbers: rouge-score's algorithm (score_multi, then the mean over segments) with NLTK 3.8. */
class RougeScoreCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run run(String stdin, String... args) {
        CliRun run = CliRun.withInput(stdin, args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void jsonWithTwoReferenceStreamsAndEscapedSentenceBreaks() throws Exception {
        Path hyps =
                file("hyp.txt", "the cat was sitting on the mat\nrunning runners ran quickly\\nthe cats are sitting\n");
        Path ref1 = file("ref1.txt", "the cat sat on the mat\nthe runner runs quick\\ncats sat on mats\n");
        Path ref2 = file("ref2.txt", "a cat was sitting on a mat\nrunners running\n");
        Run r = run(
                null,
                "score",
                "rouge",
                "--hyps",
                hyps.toString(),
                "--refs",
                ref1.toString(),
                "--refs",
                ref2.toString(),
                "--use-stemmer",
                "--json",
                "--sentence-level");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("metric").asText()).isEqualTo("rouge");
        assertThat(json.at("/rouge1/precision").asDouble()).isCloseTo(0.60714285714285721, within(1e-9));
        assertThat(json.at("/rouge1/recall").asDouble()).isCloseTo(0.66666666666666674, within(1e-9));
        assertThat(json.at("/rouge1/fmeasure").asDouble()).isCloseTo(0.63461538461538458, within(1e-9));
        assertThat(json.at("/rouge2/fmeasure").asDouble()).isCloseTo(0.27272727272727271, within(1e-9));
        assertThat(json.at("/rougeL/fmeasure").asDouble()).isCloseTo(0.50961538461538458, within(1e-9));
        assertThat(json.at("/rougeLsum/precision").asDouble()).isCloseTo(0.54464285714285721, within(1e-9));
        assertThat(json.at("/rougeLsum/fmeasure").asDouble()).isCloseTo(0.57211538461538458, within(1e-9));
        assertThat(json.get("sentences")).hasSize(2);
        assertThat(json.at("/sentences/0/rouge1/fmeasure").isNumber()).isTrue();
    }

    @Test
    void humanLineFromStdinAndChosenTypes() throws Exception {
        Path ref = file("ref.txt", "testing one two\n");
        Run r = run("testing one\n", "score", "rouge", "--refs", ref.toString(), "--rouge-types", "rouge2,rougeL");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("rouge2 F1 0.6667 (P 1.0000 R 0.5000)")
                .contains("rougeL F1 0.8000")
                .doesNotContain("rouge1");
    }

    @Test
    void badInputsFailWithAClearMessage() throws Exception {
        Path hyps = file("hyp.txt", "a\nb\n");
        Path ref = file("ref.txt", "a\n");
        Run mismatch = run(null, "score", "rouge", "--hyps", hyps.toString(), "--refs", ref.toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("line counts differ");
        Run badType = run(
                null,
                "score",
                "rouge",
                "--hyps",
                hyps.toString(),
                "--refs",
                hyps.toString(),
                "--rouge-types",
                "rouge10");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("Invalid rouge type: rouge10");
        Run empty = run(null, "score", "rouge", "--hyps", file("empty.txt", "").toString(), "--refs", ref.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("empty");
        Run noRefs = run(null, "score", "rouge", "--hyps", hyps.toString());
        assertThat(noRefs.exitCode()).isEqualTo(2);
        assertThat(noRefs.err()).contains("--refs");
    }
}
