package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected numbers: rouge-score's algorithm (score_multi, then the mean over segments) with NLTK 3.8. */
class RougeScoreCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            int code = SlmCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void jsonWithTwoReferenceStreamsAndEscapedSentenceBreaks() throws Exception {
        Path hyps = file("hyp.txt", "the cat was sitting on the mat\nrunning runners ran quickly\\nthe cats are sitting\n");
        Path ref1 = file("ref1.txt", "the cat sat on the mat\nthe runner runs quick\\ncats sat on mats\n");
        Path ref2 = file("ref2.txt", "a cat was sitting on a mat\nrunners running\n");
        Run r = run(null, "score", "rouge", "--hyps", hyps.toString(), "--refs", ref1.toString(),
                "--refs", ref2.toString(), "--use-stemmer", "--json", "--sentence-level");
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
        assertThat(r.out()).contains("rouge2 F1 0.6667 (P 1.0000 R 0.5000)").contains("rougeL F1 0.8000")
                .doesNotContain("rouge1");
    }

    @Test
    void badInputsFailWithAClearMessage() throws Exception {
        Path hyps = file("hyp.txt", "a\nb\n");
        Path ref = file("ref.txt", "a\n");
        Run mismatch = run(null, "score", "rouge", "--hyps", hyps.toString(), "--refs", ref.toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("line counts differ");
        Run badType = run(null, "score", "rouge", "--hyps", hyps.toString(), "--refs", hyps.toString(),
                "--rouge-types", "rouge10");
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
