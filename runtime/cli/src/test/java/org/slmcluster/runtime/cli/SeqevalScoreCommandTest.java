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

/** Numbers from seqeval's tests/test_v1.py (output_dict) and its docstring example. */
class SeqevalScoreCommandTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void strictModeJsonWithPerTypeReport() throws Exception {
        Path gold = file("gold.txt", "B-A B-B O B-A\n");
        Path pred = file("pred.txt", "O B-B B-C B-A\n");
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "seqeval",
                "--hyps",
                pred.toString(),
                "--refs",
                gold.toString(),
                "--mode",
                "strict",
                "--scheme",
                "IOB2",
                "--average",
                "weighted",
                "--json",
                "--sentence-level");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("metric").asText()).isEqualTo("seqeval");
        assertThat(json.get("precision").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(json.get("recall").asDouble()).isCloseTo(0.6666666666666666, within(1e-9));
        assertThat(json.get("f1").asDouble()).isCloseTo(0.7777777777777777, within(1e-9));
        assertThat(json.at("/per_type/A/f1").asDouble()).isCloseTo(0.6666666666666666, within(1e-9));
        assertThat(json.at("/per_type/C/support").asInt()).isZero();
        assertThat(json.at("/averages/macro/f1").asDouble()).isCloseTo(0.5555555555555555, within(1e-9));
        assertThat(json.get("sentences")).hasSize(1);
        assertThat(json.at("/sentences/0/f1").asDouble()).isCloseTo(0.7777777777777777, within(1e-9));
    }

    @Test
    void defaultModeHumanLine() throws Exception {
        Path gold = file("gold.txt", "O O O B-MISC I-MISC I-MISC O\nB-PER I-PER O\n");
        Path pred = file("pred.txt", "O O B-MISC I-MISC I-MISC I-MISC O\nB-PER I-PER O\n");
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null, "score", "seqeval", "--hyps", pred.toString(), "--refs", gold.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("P 0.5000 R 0.5000 F1 0.5000 support 2").contains("PER: P 1.0000");
    }

    @Test
    void badInputs() throws Exception {
        Path gold = file("gold.txt", "B-PER O\n");
        Path pred = file("pred.txt", "B-PER\n");
        RougeScoreCommandTest.Run tokens = RougeScoreCommandTest.run(
                null, "score", "seqeval", "--hyps", pred.toString(), "--refs", gold.toString());
        assertThat(tokens.exitCode()).isEqualTo(2);
        assertThat(tokens.err()).contains("line 1: 1 predicted tags but 2 gold tags");
        RougeScoreCommandTest.Run mode = RougeScoreCommandTest.run(
                null, "score", "seqeval", "--hyps", gold.toString(), "--refs", gold.toString(), "--mode", "lenient");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("lenient");
        RougeScoreCommandTest.Run invalid = RougeScoreCommandTest.run(
                null,
                "score",
                "seqeval",
                "--hyps",
                file("p2.txt", "B-PER E-PER\n").toString(),
                "--refs",
                gold.toString(),
                "--mode",
                "strict",
                "--scheme",
                "iob2");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("E-PER");
    }
}
