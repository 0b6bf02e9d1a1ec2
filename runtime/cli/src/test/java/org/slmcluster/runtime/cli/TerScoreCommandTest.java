package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm score ter} end to end through {@link SlmCli#run}. */
class TerScoreCommandTest {

    @TempDir
    Path dir;

    private String file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path.toString();
    }

    @Test
    void singleShiftAndNoOverlapFromTestTer() throws Exception {
        // test_ter.py: "d e f g h a b c" vs "a b c d e f g h" -> 1/8; no overlap -> 1
        String hyps = file("hyps", "d e f g h a b c\ndddd eeee ffff\n");
        String refs = file("refs", "a b c d e f g h\naaaa bbbb cccc\n");
        JsonNode json = BleuScoreCommandTest.run(
                        null, "score", "ter", "--hyps", hyps, "--refs", refs, "--json", "--sentence-level")
                .json();
        assertThat(json.get("metric").asText()).isEqualTo("ter");
        assertThat(json.get("num_edits").asLong()).isEqualTo(4);
        assertThat(json.get("ref_length").asDouble()).isEqualTo(11.0);
        assertThat(json.get("score").asDouble()).isCloseTo(100.0 * 4 / 11, within(1e-9));
        assertThat(json.get("sentences").get(0).get("score").asDouble()).isCloseTo(100.0 / 8, within(1e-9));
        assertThat(json.get("sentences").get(1).get("score").asDouble()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void caseAndPunctuationOptions() throws Exception {
        String hyp = file("hyp", "Hello, World!\n");
        String ref = file("ref", "hello world\n");
        assertThat(BleuScoreCommandTest.run(
                                null, "score", "ter", "--hyps", hyp, "--refs", ref, "--json", "--ter-no-punct")
                        .json()
                        .get("score")
                        .asDouble())
                .isEqualTo(0.0);
        assertThat(BleuScoreCommandTest.run(
                                null,
                                "score",
                                "ter",
                                "--hyps",
                                hyp,
                                "--refs",
                                ref,
                                "--json",
                                "--ter-no-punct",
                                "--ter-case-sensitive")
                        .json()
                        .get("score")
                        .asDouble())
                .isEqualTo(100.0);
        JsonNode normalized = BleuScoreCommandTest.run(
                        null, "score", "ter", "--hyps", hyp, "--refs", ref, "--json", "--ter-normalized")
                .json();
        assertThat(normalized.get("num_edits").asLong()).isEqualTo(2); // "hello , world !" vs "hello world"
        assertThat(normalized.get("signature").asText()).contains("norm:yes");
        BleuScoreCommandTest.Result text = BleuScoreCommandTest.run(null, "score", "ter", "--hyps", hyp, "--refs", ref);
        assertThat(text.out().trim()).isEqualTo("TER|nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no = 100.0");
    }

    @Test
    void mismatchedLineCountsFail() throws Exception {
        BleuScoreCommandTest.Result r = BleuScoreCommandTest.run(
                null, "score", "ter", "--hyps", file("hyps", "a\nb\n"), "--refs", file("refs", "a\n"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line counts differ");
    }
}
