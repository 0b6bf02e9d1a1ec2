package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sacreBLEU's own BLEU test cases: test/test_bleu.py, test/test_sentence_bleu.py and the README examples
 * of mjpost/sacrebleu (2.x). Tolerances are the ones those files use.
 */
class BleuReferenceSuiteTest {

    private static final double EPSILON = 1e-8; // test_bleu.py

    // test_bleu.py: README example with empty hypothesis strings check
    private static final List<List<String>> REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
    private static final List<String> HYPS =
            List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");

    /** sacreBLEU's compat {@code raw_corpus_bleu}: no tokenization, floor smoothing, effective order. */
    private static BleuScore raw(List<String> hyps, List<List<String>> refs, Double floor) {
        BleuOptions options = BleuOptions.defaults()
                .withTokenizer(BleuTokenizer.NONE)
                .withSmoothing(SmoothMethod.FLOOR, floor)
                .withEffectiveOrder(true);
        return new Bleu(options).corpusScore(hyps, refs);
    }

    static Stream<Arguments> rawBleuCases() {
        return Stream.of(
                // This now returns 0.0 score (#141)
                Arguments.of(List.of("this is a test", "another test"), List.of(List.of("ref1", "ref2")), 0.0),
                Arguments.of(List.of("this is a test"), List.of(List.of("this is a test")), 1.0),
                Arguments.of(List.of("this is a fest"), List.of(List.of("this is a test")), 0.223606797749979),
                // test_case_effective_order
                Arguments.of(List.of("test"), List.of(List.of("a test")), 0.3678794411714425),
                Arguments.of(List.of("a test"), List.of(List.of("a test")), 1.0),
                Arguments.of(List.of("a little test"), List.of(List.of("a test")), 0.03218297948685433));
    }

    @ParameterizedTest
    @MethodSource("rawBleuCases")
    void rawCorpusBleu(List<String> hyps, List<List<String>> refs, double expected) {
        assertThat(raw(hyps, refs, 0.01).score() / 100).isCloseTo(expected, within(EPSILON));
    }

    static Stream<Arguments> corpusBleuCases() {
        return Stream.of(
                Arguments.of(HYPS, BleuOptions.defaults(), 48.530827),
                Arguments.of(HYPS, BleuOptions.defaults().withTokenizer(BleuTokenizer.NONE), 49.1919566),
                Arguments.of(HYPS, BleuOptions.defaults().withTokenizer(BleuTokenizer.THIRTEEN_A), 48.530827),
                Arguments.of(HYPS, BleuOptions.defaults().withTokenizer(BleuTokenizer.INTL), 43.91623493),
                Arguments.of(HYPS, BleuOptions.defaults().withSmoothing(SmoothMethod.NONE, null), 48.530827),
                // ensure that empty hypotheses are not removed
                Arguments.of(List.of("", "", ""), BleuOptions.defaults(), 0.0));
    }

    @ParameterizedTest
    @MethodSource("corpusBleuCases")
    void corpusBleu(List<String> hyps, BleuOptions options, double expected) {
        assertThat(new Bleu(options).corpusScore(hyps, REFS).score()).isCloseTo(expected, within(EPSILON));
    }

    @Test
    void statistics() {
        BleuScore score = raw(
                List.of("am I am a character sequence"), List.of(List.of("I am a symbol string sequence a a")), 0.01);
        assertThat(score.counts()).containsExactly(4, 2, 1, 0);
        assertThat(score.totals()).containsExactly(6, 5, 4, 3);
    }

    @Test
    void scoringFromStatistics() {
        BleuScore score = Bleu.computeBleu(
                new long[] {9, 7, 5, 3}, new long[] {10, 8, 6, 4}, 11, 11, SmoothMethod.NONE, null, false, 4);
        assertThat(score.score() / 100).isCloseTo(0.8375922397, within(EPSILON));
    }

    @Test
    void floorOffset() {
        List<String> hyp = List.of("am I am a character sequence");
        List<List<String>> ref = List.of(List.of("I am a symbol string sequence a a"));
        assertThat(raw(hyp, ref, 0.0).score() / 100).isCloseTo(0, within(EPSILON));
        // None falls back to BLEU's floor default of 0.1
        assertThat(raw(hyp, ref, null).score() / 100).isCloseTo(0.1555722182, within(EPSILON));
        assertThat(raw(hyp, ref, 0.1).score() / 100).isCloseTo(0.1555722182, within(EPSILON));
    }

    static Stream<Arguments> degenerateStatistics() {
        // test_case_degenerate_stats: correct, total, sys_len, ref_len, floor value
        return Stream.of(
                Arguments.of(new long[] {0, 0, 0, 0}, new long[] {4, 4, 2, 1}, 0, 1, 0.0),
                Arguments.of(new long[] {0, 0, 0, 0}, new long[] {10, 11, 12, 0}, 14, 10, 0.0),
                Arguments.of(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0}, 0, 0, 0.0),
                Arguments.of(new long[] {6, 5, 4, 0}, new long[] {6, 5, 4, 3}, 6, 6, 0.0),
                Arguments.of(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0}, 0, 0, 0.1),
                Arguments.of(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 0}, 1, 5, 0.01));
    }

    @ParameterizedTest
    @MethodSource("degenerateStatistics")
    void degenerateStatisticsScoreZero(long[] correct, long[] total, long sysLen, long refLen, double floor) {
        BleuScore score = Bleu.computeBleu(correct, total, sysLen, refLen, SmoothMethod.FLOOR, floor, false, 4);
        assertThat(score.score()).isEqualTo(0.0);
    }

    @ParameterizedTest
    @MethodSource("maxOrderCases")
    void maxNgramOrder(int order, String expected) {
        BleuScore score = new Bleu(BleuOptions.defaults().withMaxNgramOrder(order)).corpusScore(HYPS, REFS);
        assertThat(PythonText.fixed(score.score(), 2)).isEqualTo(expected);
    }

    static Stream<Arguments> maxOrderCases() {
        return Stream.of(
                Arguments.of(1, "77.65"),
                Arguments.of(2, "60.50"),
                Arguments.of(3, "53.93"),
                Arguments.of(4, "48.53"),
                Arguments.of(5, "46.14"),
                Arguments.of(6, "43.28"));
    }

    // test_sentence_bleu.py: example taken from sacreBLEU issue #98, EPSILON 1e-3
    private static final String REF_98 = "producţia de zahăr brut se exprimă în zahăr alb;";
    private static final String SYS_98 = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";

    static Stream<Arguments> sentenceBleuCases() {
        return Stream.of(
                Arguments.of(SmoothMethod.EXP, null, false, BleuTokenizer.THIRTEEN_A, 8.493),
                Arguments.of(SmoothMethod.NONE, null, false, BleuTokenizer.THIRTEEN_A, 0.0),
                Arguments.of(SmoothMethod.FLOOR, null, false, BleuTokenizer.THIRTEEN_A, 4.51688),
                Arguments.of(SmoothMethod.FLOOR, 0.1, false, BleuTokenizer.THIRTEEN_A, 4.51688),
                Arguments.of(SmoothMethod.FLOOR, 0.5, false, BleuTokenizer.THIRTEEN_A, 10.10),
                Arguments.of(SmoothMethod.ADD_K, null, false, BleuTokenizer.THIRTEEN_A, 14.882),
                Arguments.of(SmoothMethod.ADD_K, 1.0, false, BleuTokenizer.THIRTEEN_A, 14.882),
                Arguments.of(SmoothMethod.ADD_K, 2.0, false, BleuTokenizer.THIRTEEN_A, 21.389),
                Arguments.of(SmoothMethod.EXP, null, false, BleuTokenizer.NONE, 7.347),
                Arguments.of(SmoothMethod.EXP, null, false, BleuTokenizer.INTL, 8.493),
                Arguments.of(SmoothMethod.EXP, null, false, BleuTokenizer.CHAR, 40.8759),
                Arguments.of(SmoothMethod.EXP, null, true, BleuTokenizer.CHAR, 42.0267));
    }

    @ParameterizedTest
    @MethodSource("sentenceBleuCases")
    void sentenceBleu(SmoothMethod method, Double value, boolean lowercase, BleuTokenizer tokenizer, double expected) {
        BleuOptions options = new BleuOptions(tokenizer, lowercase, method, value, 4, true);
        assertThat(new Bleu(options).sentenceScore(SYS_98, List.of(REF_98)).score())
                .isCloseTo(expected, within(1e-3));
    }

    @ParameterizedTest
    @MethodSource("zeroSentenceCases")
    void sentenceBleuWithoutAnyMatchIsZero(SmoothMethod method, Double value) {
        // Example taken from sacreBLEU issue #141
        BleuOptions options = new BleuOptions(BleuTokenizer.THIRTEEN_A, false, method, value, 4, true);
        assertThat(new Bleu(options)
                        .sentenceScore("this is a cat", List.of("okay thanks"))
                        .score())
                .isEqualTo(0.0);
    }

    static Stream<Arguments> zeroSentenceCases() {
        return Stream.of(
                Arguments.of(SmoothMethod.EXP, null),
                Arguments.of(SmoothMethod.NONE, null),
                Arguments.of(SmoothMethod.FLOOR, null),
                Arguments.of(SmoothMethod.FLOOR, 0.1),
                Arguments.of(SmoothMethod.ADD_K, null),
                Arguments.of(SmoothMethod.ADD_K, 1.0));
    }

    @Test
    void readmeExampleReportsPrecisionsLengthsAndSignature() {
        // README "Using SacreBLEU from Python": BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17
        // ref_len = 18)
        BleuReferences refs = new Bleu().prepare(REFS);
        BleuScore score = refs.corpusScore(HYPS);
        assertThat(score.format(2, ""))
                .isEqualTo("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
        assertThat(refs.signature()).isEqualTo("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp");
    }

    @Test
    void readmeVariableNumberOfReferences() {
        // README "Variable Number of References" (None for a missing reference):
        // BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)
        List<String> first = new java.util.ArrayList<>(REFS.get(0));
        first.set(0, null);
        BleuReferences refs = new Bleu().prepare(List.of(first, REFS.get(1)));
        assertThat(refs.corpusScore(HYPS).format(2, ""))
                .isEqualTo("BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)");
        assertThat(refs.signature()).startsWith("nrefs:var|");
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> new Bleu().corpusScore(List.of("a"), REFS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ in length");
    }
}
