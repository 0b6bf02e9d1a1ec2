package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm score chrf} end to end through {@link SlmCli#run}. */
class ChrfScoreCommandTest {

    @TempDir
    Path dir;

    private String file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path.toString();
    }

    @Test
    void readmeExampleGivesChrf2Of59_73() throws Exception {
        BleuScoreCommandTest.Result r = BleuScoreCommandTest.run(
                null,
                "score",
                "chrf",
                "--hyps",
                file("hyps", BleuScoreCommandTest.HYPS),
                "--refs",
                file("ref1", BleuScoreCommandTest.REF1),
                "--refs",
                file("ref2", BleuScoreCommandTest.REF2),
                "-w",
                "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().trim()).isEqualTo("chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no = 59.73");
    }

    @Test
    void chrfOptionsFollowSacrebleuNames() throws Exception {
        // test_chrf.py: beta 3, eps smoothing -> 63.361730; keep whitespace -> 65.2414427 (corpus_chrf, 1e-4)
        String hyp = file(
                "hyp",
                "risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .\n");
        String ref = file(
                "ref",
                "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .\n");
        JsonNode eps = BleuScoreCommandTest.run(
                        null,
                        "score",
                        "chrf",
                        "--hyps",
                        hyp,
                        "--refs",
                        ref,
                        "--json",
                        "--chrf-beta",
                        "3",
                        "--chrf-eps-smoothing")
                .json();
        assertThat(eps.get("score").asDouble()).isCloseTo(63.361730, within(1e-4));
        assertThat(eps.get("beta").asInt()).isEqualTo(3);
        JsonNode ws = BleuScoreCommandTest.run(
                        null,
                        "score",
                        "chrf",
                        "--hyps",
                        hyp,
                        "--refs",
                        ref,
                        "--json",
                        "--chrf-beta",
                        "3",
                        "--chrf-whitespace")
                .json();
        assertThat(ws.get("score").asDouble()).isCloseTo(65.2414427, within(1e-4));
    }

    @Test
    void chrfPlusPlusAndSentenceLevel() throws Exception {
        String hyps = file("hyps", "a b c\nthe cat sat\n");
        String refs = file("refs", "a b c\nthe cat sat down\n");
        JsonNode json = BleuScoreCommandTest.run(
                        null,
                        "score",
                        "chrf",
                        "--hyps",
                        hyps,
                        "--refs",
                        refs,
                        "--json",
                        "--chrf-word-order",
                        "2",
                        "--sentence-level")
                .json();
        assertThat(json.get("name").asText()).isEqualTo("chrF2++");
        assertThat(json.get("word_order").asInt()).isEqualTo(2);
        assertThat(json.get("sentences").size()).isEqualTo(2);
        assertThat(json.get("sentences").get(0).get("score").asDouble()).isEqualTo(100.0);
        assertThat(json.get("sentences").get(1).get("score").asDouble()).isBetween(0.0, 100.0);
        assertThat(json.get("sentences").get(1).get("metric").asText()).isEqualTo("chrf");
    }

    @Test
    void invalidOrdersAreRejected() throws Exception {
        String f = file("f", "x\n");
        BleuScoreCommandTest.Result r =
                BleuScoreCommandTest.run(null, "score", "chrf", "--hyps", f, "--refs", f, "--chrf-char-order", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("char order");
        BleuScoreCommandTest.Result notANumber =
                BleuScoreCommandTest.run(null, "score", "chrf", "--hyps", f, "--refs", f, "--chrf-beta", "two");
        assertThat(notANumber.exitCode()).isEqualTo(2);
    }
}
