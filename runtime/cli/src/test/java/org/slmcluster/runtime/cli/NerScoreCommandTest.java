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

class NerScoreCommandTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void scoresAnswersInSeveralFormats() throws Exception {
        Path answers = file(
                "answers.txt",
                String.join(
                                "\n",
                                "[{\"text\": \"Barack Obama\", \"type\": \"PERSON\"}, {\"text\": \"Hawaii\", \"type\": \"LOCATION\"}]",
                                "\"Sure, here you go:\\n- Angela Merkel (PERSON)\\n- Berlin (LOCATION)\"",
                                "PERSON: Merkel",
                                "I don't know.")
                        + "\n");
        Path gold = file(
                "gold.txt",
                String.join(
                                "\n",
                                "[{\"text\": \"Barack Obama\", \"type\": \"PERSON\"}, {\"text\": \"Hawaii\", \"type\": \"LOCATION\"}]",
                                "[[\"Angela Merkel\", \"PERSON\"], [\"Berlin\", \"LOCATION\"]]",
                                "[{\"text\": \"Angela Merkel\", \"type\": \"PERSON\"}]",
                                "[{\"text\": \"Paris\", \"type\": \"LOCATION\"}]")
                        + "\n");
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "ner",
                "--hyps",
                answers.toString(),
                "--refs",
                gold.toString(),
                "--json",
                "--sentence-level");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        // per answer: 1.0; 1.0 halved for the prose = 0.5; partial 0.5; parse failure 0
        assertThat(json.get("r_final").asDouble()).isCloseTo((1.0 + 0.5 + 0.5 + 0) / 4, within(1e-9));
        assertThat(json.get("r_base").asDouble()).isCloseTo((1.0 + 1.0 + 0.5 + 0) / 4, within(1e-9));
        assertThat(json.get("correct").asInt()).isEqualTo(4);
        assertThat(json.get("partial").asInt()).isEqualTo(1);
        assertThat(json.get("total_true").asInt()).isEqualTo(6);
        assertThat(json.get("parse_failures").asInt()).isEqualTo(1);
        assertThat(json.at("/sentences/1/extra_content").asBoolean()).isTrue();
        assertThat(json.at("/sentences/3/parse_failure").asText()).contains("no entity list");
    }

    @Test
    void badGoldLineIsReported() throws Exception {
        RougeScoreCommandTest.Run r = RougeScoreCommandTest.run(
                null,
                "score",
                "ner",
                "--hyps",
                file("a.txt", "x\n").toString(),
                "--refs",
                file("g.txt", "Barack Obama PERSON\n").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line 1").contains("not JSON");
    }
}
