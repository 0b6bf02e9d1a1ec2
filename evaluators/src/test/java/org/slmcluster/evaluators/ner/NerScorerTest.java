package org.slmcluster.evaluators.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The source study's formula, Rbase = (Correct + 0.5 Partial) / TotalTrue, halved for extra content. */
class NerScorerTest {

    private static final double EPS = 1e-9;
    private final NerScorer scorer = new NerScorer(Set.of());

    private static final List<NamedEntity> GOLD = List.of(
            new NamedEntity("Barack Obama", "PERSON"),
            new NamedEntity("Honolulu", "LOCATION"),
            new NamedEntity("Columbia University", "ORGANIZATION"),
            new NamedEntity("Michelle Obama", "PERSON"));

    @Test
    void exactPartialAndMissing() {
        // exact: Barack Obama; partial: "Columbia" ~ Columbia University; type mismatch Honolulu; "Obama" partial
        NerAnswerScore s = scorer.score(
                "[[\"Barack Obama\", \"PERSON\"], [\"Columbia\", \"ORGANIZATION\"], "
                        + "[\"Honolulu\", \"PERSON\"], [\"Obama\", \"PERSON\"]]",
                GOLD);
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.partial()).isEqualTo(2);
        assertThat(s.rBase()).isCloseTo((1 + 0.5 * 2) / 4.0, within(EPS));
        assertThat(s.rFinal()).isCloseTo(s.rBase(), within(EPS));
    }

    @Test
    void extraContentHalvesTheScore() {
        NerAnswerScore s = scorer.score("The entities are:\nBarack Obama (PERSON)\nHonolulu (LOCATION)", GOLD);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.rBase()).isCloseTo(0.5, within(EPS));
        assertThat(s.rFinal()).isCloseTo(0.25, within(EPS));
    }

    @Test
    void eachGoldEntityMatchesOnce() {
        NerAnswerScore s = scorer.score("PERSON: Barack Obama, Barack Obama, Barack Obama", GOLD);
        assertThat(s.correct()).isEqualTo(1);
        // the duplicates may still partially match the other Obama
        assertThat(s.partial()).isEqualTo(1);
        assertThat(s.rBase()).isCloseTo(1.5 / 4, within(EPS));
    }

    @Test
    void caseOnlyDifferenceIsPartialAndTypesAreCaseInsensitive() {
        NerAnswerScore s = scorer.score("[[\"barack obama\", \"person\"], [\"Honolulu\", \"location\"]]", GOLD);
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.partial()).isEqualTo(1);
    }

    @Test
    void parseFailureScoresZeroAndIsCounted() {
        NerCorpusScore c = scorer.scoreAll(
                List.of("I cannot help with that.", "Barack Obama (PERSON)"),
                List.of(GOLD, List.of(new NamedEntity("Barack Obama", "PERSON"))));
        assertThat(c.parseFailures()).isEqualTo(1);
        assertThat(c.answers().get(0).parseFailure()).isNotNull();
        assertThat(c.answers().get(0).rFinal()).isZero();
        assertThat(c.meanRFinal()).isCloseTo(0.5, within(EPS));
        assertThat(c.pooledRBase()).isCloseTo(1 / 5.0, within(EPS));
        assertThat(c.parseFailureRate()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void noGoldEntities() {
        assertThat(scorer.score("None", List.of()).rBase()).isEqualTo(1.0);
        assertThat(scorer.score("Paris (LOCATION)", List.of()).rBase()).isEqualTo(0.0);
    }

    @Test
    void bioTagsGiveGoldEntities() {
        assertThat(BioEntities.fromTags(
                        List.of("Barack", "Obama", "was", "born", "in", "Honolulu", "."),
                        List.of("B-PER", "I-PER", "O", "O", "O", "B-LOC", "O")))
                .containsExactly(new NamedEntity("Barack Obama", "PER"), new NamedEntity("Honolulu", "LOC"));
    }

    @Property(tries = 200)
    void echoingTheGoldAsJsonScoresOneAndScoresStayInRange(
            @ForAll @Size(min = 1, max = 5) List<@AlphaChars @StringLength(min = 1, max = 12) String> names,
            @ForAll @StringLength(max = 80) String noise) {
        List<NamedEntity> gold =
                names.stream().map(n -> new NamedEntity(n, "PERSON")).toList();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"text\":\"")
                    .append(names.get(i))
                    .append("\",\"type\":\"PERSON\"}");
        }
        json.append("]");
        assertThat(scorer.score(json.toString(), gold).rFinal()).isEqualTo(1.0);
        NerAnswerScore any = scorer.score(noise, gold);
        assertThat(any.rFinal()).isBetween(0.0, 1.0);
        assertThat(any.rFinal()).isLessThanOrEqualTo(any.rBase());
    }
}
