package org.slmcluster.evaluators.bertscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GreedyMatchingPropertiesTest {

    @Provide
    Arbitrary<float[][]> matrices() {
        Arbitrary<Float> component = Arbitraries.floats().between(-5f, 5f);
        Arbitrary<float[]> vector = Combinators.combine(component, component, component)
                .as((a, b, c) -> new float[] {a, b, c})
                .filter(v -> v[0] * v[0] + v[1] * v[1] + v[2] * v[2] > 1e-3);
        return vector.array(float[][].class).ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void swappingCandidateAndReferenceSwapsPrecisionAndRecall(
            @ForAll("matrices") float[][] candidate, @ForAll("matrices") float[][] reference) {
        double[] wc = ones(candidate.length);
        double[] wr = ones(reference.length);
        PrecisionRecallF1 forward = GreedyMatching.score(candidate, wc, reference, wr);
        PrecisionRecallF1 backward = GreedyMatching.score(reference, wr, candidate, wc);
        assertThat(forward.precision()).isCloseTo(backward.recall(), within(1e-12));
        assertThat(forward.recall()).isCloseTo(backward.precision(), within(1e-12));
        assertThat(forward.precision()).isBetween(-1.0 - 1e-9, 1.0 + 1e-9);
    }

    @Property(tries = 100)
    void aTextMatchedWithItselfScoresOne(@ForAll("matrices") float[][] text) {
        PrecisionRecallF1 self = GreedyMatching.score(text, ones(text.length), text, ones(text.length));
        assertThat(self.f1()).isCloseTo(1.0, within(1e-6));
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }
}
