package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** sacreBLEU's own TER test cases (mjpost/sacrebleu test/test_ter.py, 2.x; EPSILON 1e-3 on 0-100). */
class TerReferenceSuiteTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of("aaaa bbbb cccc dddd"), List.of("aaaa bbbb cccc dddd"), 0.0), // perfect match
                Arguments.of(List.of("dddd eeee ffff"), List.of("aaaa bbbb cccc"), 1.0), // no overlap
                Arguments.of(List.of(""), List.of("a"), 1.0), // corner case, empty hypothesis
                Arguments.of(
                        List.of("d e f g h a b c"), List.of("a b c d e f g h"), 1.0 / 8), // a single shift fixes MT
                Arguments.of(
                        List.of(
                                "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .",
                                "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
                                "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie Werte für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" ein .",
                                "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
                                "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \""),
                        List.of(
                                "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .",
                                "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
                                "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" niedrigere Werte ein .",
                                "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",
                                "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \""),
                        0.136)); // realistic example from WMT dev data (2019)
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ter(List<String> hyps, List<String> refs, double expected) {
        double score = new Ter().corpusScore(hyps, List.of(refs)).score();
        assertThat(score).isCloseTo(100 * expected, within(1e-3));
    }

    @Test
    void singleShiftCountsOneShiftPlusNoOtherEdit() {
        TerScore score = new Ter().sentenceScore("d e f g h a b c", List.of("a b c d e f g h"));
        assertThat(score.numEdits()).isEqualTo(1);
        assertThat(score.refLength()).isEqualTo(8.0);
    }

    @Test
    void defaultsAreCaseInsensitiveAndSignatureSaysSo() {
        TerReferences refs = new Ter().prepare(List.of(List.of("The Cat")));
        assertThat(refs.corpusScore(List.of("the cat")).score()).isEqualTo(0.0);
        assertThat(refs.signature()).isEqualTo("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no");
        Ter caseSensitive = new Ter(TerOptions.defaults().withCaseSensitive(true));
        assertThat(caseSensitive.sentenceScore("the cat", List.of("The Cat")).score())
                .isEqualTo(100.0);
    }

    @Test
    void emptyReferenceAndHypothesisScoreZeroAndNonEmptyHypothesisScoresHundred() {
        // ter.py _compute_score_from_stats: empty refs + empty hyp -> 0, empty refs + non-empty hyp -> 1.0
        assertThat(new Ter().sentenceScore("", List.of("")).score()).isEqualTo(0.0);
        assertThat(new Ter().sentenceScore("a b", List.of("")).score()).isEqualTo(100.0);
    }
}
