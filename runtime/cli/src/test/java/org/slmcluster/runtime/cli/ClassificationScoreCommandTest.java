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

class ClassificationScoreCommandTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void jsonReportWithConfusionMatrix() throws Exception {
        Path classes =
                file("classes.txt", "# sentiment\npositive: favourable\nnegative: unfavourable\nneutral: neither\n");
        Path answers = file(
                "answers.txt",
                "Positive.\n{\"label\": \"negative\"}\nClass: neutral\nmaybe positive, maybe negative\n");
        Path gold = file("gold.txt", "positive\nnegative\npositive\nnegative\n");
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "classification",
                "--hyps",
                answers.toString(),
                "--refs",
                gold.toString(),
                "--classes",
                classes.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("accuracy").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(json.get("no_class_rate").asDouble()).isCloseTo(0.25, within(1e-9));
        // positive P 1 R 1/2 F 2/3; negative P 1 R 1/2 F 2/3; neutral P 0 R 0 F 0
        assertThat(json.get("macro_f1").asDouble()).isCloseTo((2 / 3.0 + 2 / 3.0) / 3, within(1e-9));
        assertThat(json.at("/confusion_matrix/columns/3").asText()).isEqualTo("(none)");
        assertThat(json.at("/confusion_matrix/matrix/1").toString()).isEqualTo("[0,1,0,1]");
    }

    @Test
    void jsonClassesAndUnknownGoldLabel() throws Exception {
        Path classes = file("classes.json", "[{\"name\": \"spam\", \"description\": \"junk\"}, {\"name\": \"ham\"}]");
        RougeScoreCommandTest.Run ok = RougeScoreCommandTest.run(
                null,
                "score",
                "classification",
                "--hyps",
                file("a.txt", "spam\n").toString(),
                "--refs",
                file("g.txt", "spam\n").toString(),
                "--classes",
                classes.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("accuracy 1.0000");
        RougeScoreCommandTest.Run bad = RougeScoreCommandTest.run(
                null,
                "score",
                "classification",
                "--hyps",
                file("a2.txt", "spam\n").toString(),
                "--refs",
                file("g2.txt", "eggs\n").toString(),
                "--classes",
                classes.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("not a defined class").contains("eggs");
    }
}
