package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm score bleu} end to end through {@link SlmCli#run}, on sacreBLEU's README example. */
class BleuScoreCommandTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Result run(String stdin, String... args) {
        // no stdin given: an empty one, so a missing --hyps reads nothing rather than the build\'s input
        CliRun run = CliRun.withInput(stdin == null ? "" : stdin, args);
        return new Result(run.exitCode(), run.out(), run.err());
    }

    private Path file(String name, String content) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    // sacreBLEU README / test_bleu.py example
    static final String HYPS = "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n";
    static final String REF1 = "The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n";
    static final String REF2 = "The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.\n";

    @Test
    void jsonHasFullPrecisionScorePrecisionsAndLengths() throws Exception {
        Result r = run(
                null,
                "score",
                "bleu",
                "--hyps",
                file("hyps", HYPS).toString(),
                "--refs",
                file("ref1", REF1).toString(),
                "--refs",
                file("ref2", REF2).toString(),
                "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("metric").asText()).isEqualTo("bleu");
        assertThat(json.get("score").asDouble()).isCloseTo(48.530827, within(1e-6)); // test_bleu.py
        assertThat(json.get("sys_len").asLong()).isEqualTo(17);
        assertThat(json.get("ref_len").asLong()).isEqualTo(18);
        assertThat(json.get("bp").asDouble()).isCloseTo(Math.exp(1 - 18.0 / 17), within(1e-12));
        assertThat(json.get("precisions").size()).isEqualTo(4);
        assertThat(json.get("precisions").get(0).asDouble()).isCloseTo(100.0 * 14 / 17, within(1e-9));
    }

    @Test
    void textLineLooksLikeSacrebleus() throws Exception {
        Result r = run(
                null,
                "score",
                "bleu",
                "--hyps",
                file("hyps", HYPS).toString(),
                "--refs",
                file("ref1", REF1).toString(),
                "--refs",
                file("ref2", REF2).toString(),
                "-w",
                "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().trim())
                .isEqualTo("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp = 48.53 "
                        + "82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
    }

    @Test
    void readsHypothesesFromStandardInputWithOrWithoutDash() throws Exception {
        String ref1 = file("ref1", REF1).toString();
        String ref2 = file("ref2", REF2).toString();
        Result implicit = run(HYPS, "score", "bleu", "--refs", ref1, "--refs", ref2, "--json");
        Result dash = run(
                HYPS.replace("\n", "\r\n"), "score", "bleu", "--hyps", "-", "--refs", ref1, "--refs", ref2, "--json");
        assertThat(implicit.json().get("score").asDouble()).isCloseTo(48.530827, within(1e-6));
        assertThat(dash.json().get("score").asDouble())
                .isEqualTo(implicit.json().get("score").asDouble());
    }

    @Test
    void optionsFollowSacrebleuNames() throws Exception {
        String hyps = file("hyps", HYPS).toString();
        String ref1 = file("ref1", REF1).toString();
        String ref2 = file("ref2", REF2).toString();
        // test_bleu.py: tokenize intl -> 43.91623493, none -> 49.1919566; test_bleu.py max order 2 -> 60.50
        assertThat(run(
                                null,
                                "score",
                                "bleu",
                                "--hyps",
                                hyps,
                                "--refs",
                                ref1,
                                "--refs",
                                ref2,
                                "--json",
                                "--tokenize",
                                "intl")
                        .json()
                        .get("score")
                        .asDouble())
                .isCloseTo(43.91623493, within(1e-6));
        assertThat(run(
                                null,
                                "score",
                                "bleu",
                                "--hyps",
                                hyps,
                                "--refs",
                                ref1,
                                "--refs",
                                ref2,
                                "--json",
                                "--tokenize",
                                "none")
                        .json()
                        .get("score")
                        .asDouble())
                .isCloseTo(49.1919566, within(1e-6));
        JsonNode order2 = run(
                        null,
                        "score",
                        "bleu",
                        "--hyps",
                        hyps,
                        "--refs",
                        ref1,
                        "--refs",
                        ref2,
                        "--json",
                        "--max-ngram-order",
                        "2")
                .json();
        assertThat(order2.get("precisions").size()).isEqualTo(2);
        assertThat(order2.get("score").asDouble()).isCloseTo(60.50, within(0.005));
        // test_sentence_bleu.py (#98) with add-k 2 -> 21.389, lowercase + char -> 42.0267 (sentence level, eff. order)
        String sys98 = file("sys98", "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;\n")
                .toString();
        String ref98 = file("ref98", "producţia de zahăr brut se exprimă în zahăr alb;\n")
                .toString();
        JsonNode addK = run(
                        null,
                        "score",
                        "bleu",
                        "--hyps",
                        sys98,
                        "--refs",
                        ref98,
                        "--json",
                        "--sentence-level",
                        "--smooth-method",
                        "add-k",
                        "--smooth-value",
                        "2")
                .json();
        assertThat(addK.get("sentences").get(0).get("score").asDouble()).isCloseTo(21.389, within(1e-3));
        JsonNode charLc = run(
                        null,
                        "score",
                        "bleu",
                        "--hyps",
                        sys98,
                        "--refs",
                        ref98,
                        "--json",
                        "--sentence-level",
                        "--tokenize",
                        "char",
                        "--lowercase")
                .json();
        assertThat(charLc.get("sentences").get(0).get("score").asDouble()).isCloseTo(42.0267, within(1e-3));
    }

    @Test
    void sentenceLevelAddsOneObjectPerLineWithTheCorpusKeys() throws Exception {
        Result r = run(
                null,
                "score",
                "bleu",
                "--hyps",
                file("hyps", HYPS).toString(),
                "--refs",
                file("ref1", REF1).toString(),
                "--refs",
                file("ref2", REF2).toString(),
                "--json",
                "--sentence-level");
        JsonNode json = r.json();
        JsonNode sentences = json.get("sentences");
        assertThat(sentences.size()).isEqualTo(3);
        List<String> corpusKeys = new ArrayList<>();
        json.fieldNames().forEachRemaining(corpusKeys::add);
        corpusKeys.removeAll(List.of("sentences", "signature"));
        for (JsonNode sentence : sentences) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = sentence.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertThat(keys).containsExactlyElementsOf(corpusKeys);
        }
        assertThat(sentences.get(0).get("score").asDouble())
                .isCloseTo(100.0, within(1e-9)); // equals the first reference
        assertThat(sentences.get(1).get("score").asDouble()).isLessThan(100.0);
    }

    @Test
    void badInputFailsWithAClearMessageAndExitCode2() throws Exception {
        String hyps = file("hyps", HYPS).toString();
        String ref1 = file("ref1", REF1).toString();
        Result unknownTok = run(null, "score", "bleu", "--hyps", hyps, "--refs", ref1, "--tokenize", "foo");
        assertThat(unknownTok.exitCode()).isEqualTo(2);
        assertThat(unknownTok.err()).contains("unknown tokenizer 'foo'");
        Result unknownSmooth = run(null, "score", "bleu", "--hyps", hyps, "--refs", ref1, "--smooth-method", "bar");
        assertThat(unknownSmooth.exitCode()).isEqualTo(2);
        assertThat(unknownSmooth.err()).contains("unknown smoothing method 'bar'");
        Result mismatch = run(
                null,
                "score",
                "bleu",
                "--hyps",
                hyps,
                "--refs",
                file("short", "one line\n").toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("line counts differ: 3 hypotheses but 1 lines");
        Result empty = run(null, "score", "bleu", "--hyps", file("empty", "").toString(), "--refs", ref1);
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("is empty");
        Result missing =
                run(null, "score", "bleu", "--hyps", dir.resolve("nope").toString(), "--refs", ref1);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("file not found");
        Result noRefs = run(null, "score", "bleu", "--hyps", hyps);
        assertThat(noRefs.exitCode()).isEqualTo(2);
        assertThat(noRefs.err()).contains("--refs");
        Path latin1 = dir.resolve("latin1");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n', 'x', '\n', 'y', '\n'});
        Result invalid = run(null, "score", "bleu", "--hyps", latin1.toString(), "--refs", ref1);
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("not valid UTF-8");
    }

    @Test
    void filesEndLinesAtNewlineOnlyButStandardInputAlsoAtCarriageReturn() throws Exception {
        // sacreBLEU opens files with newline="\n" and wraps stdin in a universal-newline TextIOWrapper.
        String ref = file("ref", "a b\n").toString();
        assertThat(run(null, "score", "bleu", "--hyps", file("hyp", "a\rb\n").toString(), "--refs", ref, "--json")
                        .exitCode())
                .isZero();
        Result stdin = run("a\rb\n", "score", "bleu", "--refs", ref, "--json");
        assertThat(stdin.exitCode()).isEqualTo(2);
        assertThat(stdin.err()).contains("line counts differ: 2 hypotheses");
    }

    @Test
    void trailingWhitespaceIsStrippedAndLeadingBomIsContent() throws Exception {
        String ref = file("ref", "hello big wide world\n").toString();
        JsonNode padded = run(
                        null,
                        "score",
                        "bleu",
                        "--hyps",
                        file("hyp", "hello big wide world \u3000\t\n").toString(),
                        "--refs",
                        ref,
                        "--json")
                .json();
        assertThat(padded.get("score").asDouble()).isCloseTo(100.0, within(1e-9));
        assertThat(padded.get("sys_len").asLong()).isEqualTo(4);
        JsonNode bom = run(
                        null,
                        "score",
                        "bleu",
                        "--hyps",
                        file("bom", "\ufeffhello big wide world\n").toString(),
                        "--refs",
                        ref,
                        "--json")
                .json();
        assertThat(bom.get("counts").get(0).asLong()).isEqualTo(3); // "\ufeffhello" does not match "hello"
    }
}
