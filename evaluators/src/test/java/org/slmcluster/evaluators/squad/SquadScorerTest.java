package org.slmcluster.evaluators.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected values from the official SQuAD v1.1 evaluate script's normalize_answer / exact_match_score /
 * f1_score (run locally on these inputs; first two questions from the SQuAD v1.1 dev set, Super Bowl 50).
 */
class SquadScorerTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "The Denver Broncos!|denver broncos",
                "an apple a day|apple day",
                "the cat the cat|cat cat",
                "Théâtre  du   Soleil.|théâtre du soleil",
                "in the late 1990s|in late 1990s",
                "Beyoncé Knowles|beyoncé knowles"
            })
    void normalization(String answer, String normalized) {
        assertThat(SquadScorer.normalizeAnswer(answer)).isEqualTo(normalized);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "The Denver Broncos!|Denver Broncos;the Broncos|1|1.0",
                "Santa Clara, California|Levi's Stadium;Levi's Stadium in the San Francisco Bay Area at Santa Clara, California.|0|0.42857142857142855",
                "an apple a day|apple day|1|1.0",
                "the cat the cat|a cat|0|0.6666666666666666",
                "1976|1976|1|1.0",
                "Beyoncé Knowles|Beyonce|0|0.0",
                "in the late 1990s|late 1990s;1990s|0|0.8"
            })
    void exactMatchAndF1MaxOverGoldAnswers(String prediction, String golds, int em, double f1) {
        List<String> g = List.of(golds.split(";"));
        assertThat(SquadScorer.maxExactMatch(prediction, g)).isEqualTo(em);
        assertThat(SquadScorer.maxF1(prediction, g)).isCloseTo(f1, within(1e-6));
    }

    @Test
    void corpusScoresArePercentages() {
        SquadScorer.SquadResult r = SquadScorer.evaluate(
                List.of("The Denver Broncos!", "Santa Clara, California", ""),
                List.of(
                        List.of("Denver Broncos"),
                        List.of(
                                "Levi's Stadium",
                                "Levi's Stadium in the San Francisco Bay Area at Santa Clara, California."),
                        List.of("something")));
        assertThat(r.exactMatch()).isCloseTo(100.0 / 3, within(1e-6));
        assertThat(r.f1()).isCloseTo(100.0 * (1.0 + 0.42857142857142855) / 3, within(1e-6));
    }

    @Property(tries = 300)
    void identicalAnswersScoreOneAndF1StaysInRange(
            @ForAll @StringLength(max = 40) String a, @ForAll @StringLength(max = 40) String b) {
        double f = SquadScorer.f1(a, b);
        assertThat(f).isBetween(0.0, 1.0);
        if (!SquadScorer.normalizeAnswer(a).isEmpty()) {
            assertThat(SquadScorer.f1(a, a)).isEqualTo(1.0);
        }
        assertThat(SquadScorer.exactMatch(a, a)).isTrue();
    }
}
