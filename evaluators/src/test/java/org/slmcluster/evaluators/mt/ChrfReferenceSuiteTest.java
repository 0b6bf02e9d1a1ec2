package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** sacreBLEU's own chrF test cases (mjpost/sacrebleu test/test_chrf.py, 2.x) and README example. */
class ChrfReferenceSuiteTest {

    private static final double EPSILON = 1e-4; // test_chrf.py

    /** test_chrf.py calls corpus_chrf(..., char_order=6, word_order=0, beta=3, ...). */
    private static ChrfOptions beta3() {
        return ChrfOptions.chrf().withBeta(3);
    }

    static Stream<Arguments> epsSmoothingCases() {
        // >= 2.0.0: some orders are not fulfilled in epsilon smoothing (chrF++.py and NLTK)
        return Stream.of(
                Arguments.of(List.of("abcdefg"), List.of("hijklmnop"), 0.0),
                Arguments.of(List.of("a"), List.of("b"), 0.0),
                Arguments.of(List.of(""), List.of("b"), 0.0),
                Arguments.of(List.of(""), List.of("ref"), 0.0),
                Arguments.of(List.of(""), List.of("reference"), 0.0),
                Arguments.of(List.of("aa"), List.of("ab"), 8.3333),
                Arguments.of(List.of("a", "b"), List.of("a", "c"), 8.3333),
                Arguments.of(List.of("a"), List.of("a"), 16.6667),
                Arguments.of(List.of("a b c"), List.of("a b c"), 50.0),
                Arguments.of(List.of("a b c"), List.of("abc"), 50.0),
                Arguments.of(
                        List.of(
                                " risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."),
                        List.of(
                                "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."),
                        63.361730),
                Arguments.of(
                        List.of(" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                        List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."),
                        64.1302698),
                Arguments.of(
                        List.of("Niemand hat die Absicht, eine Mauer zu errichten"),
                        List.of("Niemand hat die Absicht, eine Mauer zu errichten"),
                        100.0));
    }

    @ParameterizedTest
    @MethodSource("epsSmoothingCases")
    void epsSmoothing(List<String> hyps, List<String> refs, double expected) {
        double score = new Chrf(beta3().withEpsSmoothing(true))
                .corpusScore(hyps, List.of(refs))
                .score();
        assertThat(score).isCloseTo(expected, within(EPSILON));
    }

    static Stream<Arguments> effectiveOrderCases() {
        // sacreBLEU < 2.0.0 mode
        return Stream.of(
                Arguments.of(List.of("a"), List.of("a"), 100.0),
                Arguments.of(List.of(""), List.of("reference"), 0.0),
                Arguments.of(List.of("a b c"), List.of("a b c"), 100.0),
                Arguments.of(List.of("a b c"), List.of("abc"), 100.0),
                Arguments.of(List.of(""), List.of("c"), 0.0),
                Arguments.of(List.of("a", "b"), List.of("a", "c"), 50.0),
                Arguments.of(List.of("aa"), List.of("ab"), 25.0));
    }

    @ParameterizedTest
    @MethodSource("effectiveOrderCases")
    void effectiveOrder(List<String> hyps, List<String> refs, double expected) {
        double score = new Chrf(beta3()).corpusScore(hyps, List.of(refs)).score();
        assertThat(score).isCloseTo(expected, within(EPSILON));
    }

    static Stream<Arguments> keepWhitespaceCases() {
        return Stream.of(
                Arguments.of(
                        List.of("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."),
                        List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."),
                        67.3481606),
                Arguments.of(
                        List.of(
                                "risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."),
                        List.of(
                                "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."),
                        65.2414427));
    }

    @ParameterizedTest
    @MethodSource("keepWhitespaceCases")
    void keepWhitespace(List<String> hyps, List<String> refs, double expected) {
        double score = new Chrf(beta3().withWhitespace(true))
                .corpusScore(hyps, List.of(refs))
                .score();
        assertThat(score).isCloseTo(expected, within(EPSILON));
    }

    static Stream<Arguments> sentenceCases() {
        return Stream.of(
                Arguments.of(
                        "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
                        "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.",
                        39.14078509),
                Arguments.of(
                        "Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
                        "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.",
                        31.22557079),
                Arguments.of(
                        "Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
                        "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.",
                        57.15704367));
    }

    @ParameterizedTest
    @MethodSource("sentenceCases")
    void sentenceLevel(String hyp, String ref, double expected) {
        double score = new Chrf(ChrfOptions.chrf().withEpsSmoothing(true))
                .sentenceScore(hyp, List.of(ref))
                .score();
        assertThat(score).isCloseTo(expected, within(EPSILON));
    }

    @Test
    void readmeMultiReferenceExample() {
        // README: chrf.corpus_score(sys, refs) -> chrF2 = 59.73
        List<List<String>> refs = List.of(
                List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
                List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
        List<String> sys = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        ChrfReferences prepared = new Chrf().prepare(refs);
        ChrfScore score = prepared.corpusScore(sys);
        assertThat(score.format(2, "")).isEqualTo("chrF2 = 59.73");
        assertThat(prepared.signature()).isEqualTo("nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no");
    }

    @Test
    void wordsSplitOnePunctuationMarkLikeSacrebleu() {
        // chrf.py _remove_punctuation: "This splits '(hi)' to '(hi' and ')' (issue #124)"
        assertThat(Chrf.words("(hi) a . end, ,x")).containsExactly("(hi", ")", "a", ".", "end", ",", ",", "x");
    }
}
