package org.slmcluster.evaluators.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Exact values of the RAGAS formulas, from RAGAS's documented examples and hand-worked cases. */
class RagasFormulasTest {

    private static final Offset<Double> EXACT = within(1e-12);

    @Test
    void faithfulnessOfRagasDocumentedLowFaithfulnessAnswer() {
        // docs faithfulness.md: "Einstein was born in Germany on 20th March 1879" -> statements
        // "born in Germany" (supported) and "born on 20th March 1879" (not) -> 1/2.
        assertThat(RagasFormulas.faithfulness(List.of(true, false))).isCloseTo(0.5, EXACT);
        assertThat(RagasFormulas.faithfulness(List.of(true, true, true))).isCloseTo(1.0, EXACT);
    }

    @Test
    void contextRecallCountsAttributedReferenceStatements() {
        // RAGAS's context recall example: 4 reference statements, the first 2 attributed -> 0.5.
        assertThat(RagasFormulas.contextRecall(List.of(true, true, false, false)))
                .isCloseTo(0.5, EXACT);
        assertThatThrownBy(() -> RagasFormulas.contextRecall(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contextPrecisionIsRagasAveragePrecision() {
        // relevant at ranks 1 and 3: (1/1 * 1 + 1/2 * 0 + 2/3 * 1) / 2 = 5/6
        assertThat(RagasFormulas.averagePrecision(List.of(true, false, true))).isCloseTo(5.0 / 6, EXACT);
        // relevant only at rank 2: (1/2) / 1
        assertThat(RagasFormulas.averagePrecision(List.of(false, true))).isCloseTo(0.5, EXACT);
        assertThat(RagasFormulas.averagePrecision(List.of(false, false))).isCloseTo(0.0, EXACT);
        assertThat(RagasFormulas.averagePrecision(List.of(true))).isCloseTo(1.0, EXACT);
    }

    @Test
    void averagePrecisionAgreesWithRagasEpsilonFormula() {
        List<Boolean> verdicts = List.of(false, true, true, false, true);
        // RAGAS: sum(precision@k * v_k) / (sum(v) + 1e-10)
        double numerator = 0.5 + 2.0 / 3 + 3.0 / 5;
        double ragas = numerator / (3 + 1e-10);
        assertThat(RagasFormulas.averagePrecision(verdicts)).isCloseTo(ragas, within(1e-10));
    }

    @Test
    void answerCorrectnessOfRagasDocumentedExample() {
        // docs answer_correctness.md: TP [born in 1879], FP [born in Spain], FN [born in Germany]
        // F1 = 1 / (1 + 0.5 * (1 + 1)) = 0.5; then 0.75 * F1 + 0.25 * similarity.
        double f1 = RagasFormulas.factuality(1, 1, 1, 1.0);
        assertThat(f1).isCloseTo(0.5, EXACT);
        assertThat(RagasFormulas.answerCorrectness(f1, 0.9, 0.75, 0.25)).isCloseTo(0.75 * 0.5 + 0.25 * 0.9, EXACT);
        // RAGAS's classifier example 2 (boiling point): TP 1, FP 0, FN 1 -> 1 / (1 + 0.5) = 2/3
        assertThat(RagasFormulas.factuality(1, 0, 1, 1.0)).isCloseTo(2.0 / 3, EXACT);
    }

    @Test
    void factualityEdgeCasesFollowRagasCollections() {
        assertThat(RagasFormulas.factuality(0, 0, 0, 1.0)).isEqualTo(1.0);
        assertThat(RagasFormulas.factuality(0, 2, 0, 1.0)).isEqualTo(0.0);
        assertThat(RagasFormulas.factuality(0, 0, 3, 1.0)).isEqualTo(0.0);
        // beta = 2 weighs recall: P = 1/2, R = 1 -> 5 * 0.5 / (4 * 0.5 + 1) = 5/6
        assertThat(RagasFormulas.factuality(1, 1, 0, 2.0)).isCloseTo(5.0 / 6, EXACT);
    }

    @Property(tries = 200)
    void factualityF1EqualsRagasDocumentedFormula(
            @ForAll @IntRange(min = 1, max = 50) int tp,
            @ForAll @IntRange(max = 50) int fp,
            @ForAll @IntRange(max = 50) int fn) {
        assertThat(RagasFormulas.factuality(tp, fp, fn, 1.0)).isCloseTo(tp / (tp + 0.5 * (fp + fn)), within(1e-12));
    }

    @Test
    void answerRelevancyIsTheMeanCosineUnlessNoncommittal() {
        assertThat(RagasFormulas.answerRelevancy(new double[] {0.9, 0.6, 0.3}, false))
                .isCloseTo(0.6, EXACT);
        assertThat(RagasFormulas.answerRelevancy(new double[] {0.9, 0.6, 0.3}, true))
                .isEqualTo(0.0);
    }

    @Test
    void idBasedMetricsFollowRagasDocstrings() {
        // IDBasedContextPrecision docstring: retrieved doc1..doc3, reference doc1, doc2, doc4 -> 0.667
        List<String> retrieved = List.of("doc1", "doc2", "doc3");
        assertThat(JudgeFreeRagMetrics.idContextPrecision(retrieved, List.of("doc1", "doc2", "doc4")))
                .isCloseTo(2.0 / 3, EXACT);
        assertThat(JudgeFreeRagMetrics.idContextRecall(retrieved, List.of("doc1", "doc2", "doc4")))
                .isCloseTo(2.0 / 3, EXACT);
        // another docstring: reference doc1, doc2 -> precision 2/3, recall 1
        assertThat(JudgeFreeRagMetrics.idContextPrecision(retrieved, List.of("doc1", "doc2")))
                .isCloseTo(2.0 / 3, EXACT);
        assertThat(JudgeFreeRagMetrics.idContextRecall(retrieved, List.of("doc1", "doc2")))
                .isCloseTo(1.0, EXACT);
        // duplicates count once, as RAGAS's sets
        assertThat(JudgeFreeRagMetrics.idContextPrecision(List.of("a", "a", "b"), List.of("a")))
                .isCloseTo(0.5, EXACT);
        // rank-aware: gold at ranks 2 and 3 -> (1/2 + 2/3) / 2
        assertThat(JudgeFreeRagMetrics.idAveragePrecision(List.of("x", "doc1", "doc2"), List.of("doc1", "doc2")))
                .isCloseTo((0.5 + 2.0 / 3) / 2, EXACT);
        assertThatThrownBy(() -> JudgeFreeRagMetrics.idContextPrecision(List.of(), List.of("a")))
                .hasMessageContaining("undefined");
        assertThatThrownBy(() -> JudgeFreeRagMetrics.idContextRecall(List.of("a"), List.of()))
                .hasMessageContaining("undefined");
    }
}
