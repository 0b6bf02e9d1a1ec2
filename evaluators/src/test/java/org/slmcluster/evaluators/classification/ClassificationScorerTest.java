package org.slmcluster.evaluators.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationScorerTest {

    private static final List<ClassDefinition> SENTIMENT = List.of(
            new ClassDefinition("positive", "The text expresses a favourable opinion."),
            new ClassDefinition("negative", "The text expresses an unfavourable opinion."),
            new ClassDefinition("very positive", "Enthusiastic."),
            new ClassDefinition("neutral", "Neither."));

    private final ClassLabelMatcher matcher = new ClassLabelMatcher(SENTIMENT);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "Positive|positive",
                "  \"NEGATIVE\". |negative",
                "Class: neutral|neutral",
                "Label: Very Positive|very positive",
                "**negative**|negative",
                "{\"class\": \"Neutral\"}|neutral",
                "{\"label\": \"positive\", \"confidence\": 0.9}|positive",
                "```json\\n{\"Label\": \"negative\"}\\n```|negative",
                "The sentiment of this review is negative.|negative",
                "I think it is very positive overall|very positive",
                "The answer is: neutral|neutral",
                "'positive'|positive"
            })
    void tolerantMatching(String answer, String expected) {
        assertThat(matcher.match(answer.replace("\\n", "\n")).map(ClassDefinition::name))
                .contains(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "mixed",
                "It could be positive or negative.",
                "Classify the text into one of: positive, negative, very positive, neutral.",
                "{\"class\": \"angry\"}",
                "''"
            })
    void noDefinedClass(String answer) {
        assertThat(matcher.match(answer)).isEqualTo(Optional.empty());
    }

    /**
     * Expected macro-F1 as sklearn.metrics.f1_score(y_true, y_pred, labels=[positive, negative, very positive,
     * neutral], average="macro") with "(none)" predictions counting against recall only:
     * positive P=1/2 R=1/2 F=1/2; negative P=1/2 R=1/2 F=1/2; very positive P=1 R=1 F=1; neutral P=0 R=0 F=0.
     */
    @Test
    void accuracyMacroF1ConfusionAndNoClassRate() {
        List<String> gold = List.of("positive", "positive", "negative", "negative", "very positive", "neutral");
        List<String> answers = List.of(
                "positive",
                "Label: negative",
                "negative",
                "I cannot tell",
                "{\"class\": \"very positive\"}",
                "positive");
        ClassificationReport r = new ClassificationScorer(SENTIMENT).score(answers, gold);
        assertThat(r.accuracy()).isCloseTo(3 / 6.0, within(1e-9));
        assertThat(r.macroF1()).isCloseTo((0.5 + 0.5 + 1 + 0) / 4, within(1e-9));
        assertThat(r.noClassRate()).isCloseTo(1 / 6.0, within(1e-9));
        assertThat(r.perClass().get("negative").precision()).isCloseTo(0.5, within(1e-9));
        assertThat(r.perClass().get("negative").recall()).isCloseTo(0.5, within(1e-9));
        assertThat(r.confusion()[0]).containsExactly(1, 1, 0, 0, 0);
        assertThat(r.confusion()[1]).containsExactly(0, 1, 0, 0, 1);
        assertThat(r.confusion()[3]).containsExactly(1, 0, 0, 0, 0);
        assertThat(r.predictions())
                .containsExactly(
                        "positive", "negative", "negative", ClassificationReport.NONE, "very positive", "positive");
    }

    @Test
    void goldLabelsMustBeDefinedClasses() {
        assertThatThrownBy(() -> new ClassificationScorer(SENTIMENT).score(List.of("positive"), List.of("happy")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("happy");
    }

    @Provide
    Arbitrary<List<String>> labels() {
        return Arbitraries.of("positive", "negative", "very positive", "neutral")
                .list()
                .ofMinSize(1)
                .ofMaxSize(20);
    }

    @Property(tries = 200)
    void perfectAnswersScoreOneAndMetricsStayInRange(
            @ForAll("labels") List<String> gold, @ForAll("labels") List<String> other) {
        ClassificationScorer scorer = new ClassificationScorer(SENTIMENT);
        ClassificationReport perfect = scorer.score(gold, gold);
        assertThat(perfect.accuracy()).isEqualTo(1.0);
        assertThat(perfect.noClassRate()).isZero();
        List<String> answers = gold.stream()
                .map(g -> other.get(gold.indexOf(g) % other.size()))
                .toList();
        ClassificationReport r = scorer.score(answers, gold);
        assertThat(r.accuracy()).isBetween(0.0, 1.0);
        assertThat(r.macroF1()).isBetween(0.0, 1.0);
    }
}
