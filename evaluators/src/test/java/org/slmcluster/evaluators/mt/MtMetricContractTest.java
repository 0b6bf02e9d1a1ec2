package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BLEU, chrF and TER behave alike behind {@link MtMetric}: prepared once, scored any number of times. */
class MtMetricContractTest {

    private static final List<String> HYPOTHESES =
            List.of("The cat sat on the mat.", "A dog barked at the moon loudly.", "Nothing matches here");
    private static final List<List<String>> REFERENCES = List.of(
            List.of("The cat sat on a mat.", "A dog barked loudly at the moon.", "Entirely different words"),
            List.of("There was a cat on the mat.", "The dog barked at the moon.", "No overlap at all"));

    static Stream<MtMetric<?>> metrics() {
        return Stream.of(new Bleu(), new Chrf(), new Ter());
    }

    @ParameterizedTest
    @MethodSource("metrics")
    void preparedReferencesScoreLikeTheMetricItself(MtMetric<?> metric) {
        PreparedReferences<?> prepared = metric.prepare(REFERENCES);

        assertThat(prepared.segmentCount()).isEqualTo(3);
        assertThat(prepared.signature()).contains("nrefs:2");
        assertThat(prepared.corpusScore(HYPOTHESES).score())
                .isEqualTo(metric.corpusScore(HYPOTHESES, REFERENCES).score());
        assertThat(prepared.corpusScore(HYPOTHESES).score())
                .as("scoring again from the cached statistics")
                .isEqualTo(prepared.corpusScore(HYPOTHESES).score());

        List<? extends MtScore> sentences = prepared.sentenceScores(HYPOTHESES);
        assertThat(sentences).hasSize(3);
        for (int i = 0; i < HYPOTHESES.size(); i++) {
            assertThat(sentences.get(i).score())
                    .isEqualTo(prepared.sentenceScore(i, HYPOTHESES.get(i)).score())
                    .isEqualTo(metric.sentenceScore(
                                    HYPOTHESES.get(i),
                                    List.of(
                                            REFERENCES.get(0).get(i),
                                            REFERENCES.get(1).get(i)))
                            .score());
        }
        assertThat(prepared.corpusScore(HYPOTHESES).toMap()).containsKey("score");
    }

    @ParameterizedTest
    @MethodSource("metrics")
    void aHypothesisCountThatDiffersFromTheReferencesIsRefused(MtMetric<?> metric) {
        PreparedReferences<?> prepared = metric.prepare(REFERENCES);

        assertThatThrownBy(() -> prepared.corpusScore(HYPOTHESES.subList(0, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ in length");
    }
}
