package org.slmcluster.evaluators.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

class JudgeFreeRagMetricsTest {

    @Test
    void embeddingSimilarityWithTheRealEncoder() {
        try (OnnxEncoder encoder = OnnxEncoder.loadDefault()) {
            double same = JudgeFreeRagMetrics.answerSimilarity(
                    encoder, "Paris is the capital of France.", "Paris is the capital of France.");
            double paraphrase = JudgeFreeRagMetrics.answerSimilarity(
                    encoder, "The capital of France is Paris.", "Paris is France's capital city.");
            double unrelated = JudgeFreeRagMetrics.answerSimilarity(
                    encoder, "The capital of France is Paris.", "Photosynthesis turns light into chemical energy.");
            assertThat(same).isCloseTo(1.0, within(1e-6));
            assertThat(paraphrase).isGreaterThan(0.7).isGreaterThan(unrelated + 0.4);
        }
    }

    @Test
    void summaryLeavesFailuresOutOfTheMeanAndCountsThem() {
        RagSummary summary = RagSummary.of(List.of(
                RagScore.of(1.0),
                RagScore.of(0.5),
                RagScore.failure(RagScore.Reason.JUDGE_FAILED, "x"),
                RagScore.failure(RagScore.Reason.UNDEFINED, "y"),
                RagScore.failure(RagScore.Reason.JUDGE_FAILED, "z")));
        assertThat(summary.mean().getAsDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(summary.scored()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(3);
        assertThat(summary.failures()).isEqualTo(Map.of(RagScore.Reason.JUDGE_FAILED, 2, RagScore.Reason.UNDEFINED, 1));
        assertThat(RagSummary.of(List.of(RagScore.failure(RagScore.Reason.BAD_INPUT, "b")))
                        .mean())
                .isEmpty();
    }
}
