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

/** Expected values from the official SQuAD v1.1 evaluate functions run on these answers. */
class SquadScoreCommandTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void severalGoldStreams() throws Exception {
        Path hyps = file("hyps.txt", "The Denver Broncos!\nSanta Clara, California\n");
        Path ref1 = file("ref1.txt", "Denver Broncos\nLevi's Stadium\n");
        Path ref2 = file("ref2.txt", "\nLevi's Stadium in the San Francisco Bay Area at Santa Clara, California.\n");
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "squad",
                "--hyps",
                hyps.toString(),
                "--refs",
                ref1.toString(),
                "--refs",
                ref2.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("exact_match").asDouble()).isCloseTo(50.0, within(1e-9));
        assertThat(json.get("f1").asDouble()).isCloseTo(100 * (1 + 0.42857142857142855) / 2, within(1e-6));
    }

    @Test
    void missingGoldAnswerIsBadInput() throws Exception {
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "squad",
                "--hyps",
                file("h.txt", "a\nb\n").toString(),
                "--refs",
                file("r.txt", "a\n\n").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line 2 has no gold answer");
    }
}
