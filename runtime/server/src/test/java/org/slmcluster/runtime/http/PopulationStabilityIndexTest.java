package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The PSI against values computed independently (Python, the formula written out:
 * {@code sum(((c+.5)/C - (b+.5)/B) * log(((c+.5)/C) / ((b+.5)/B)))}) and against the textbook example whose
 * proportions 0.1/0.2/0.3/0.4 against 0.4/0.3/0.2/0.1 give 0.9129 without smoothing.
 */
class PopulationStabilityIndexTest {

    @Test
    void matchesAnIndependentComputation() {
        assertThat(PopulationStabilityIndex.of(new long[] {10, 20, 30, 40}, new long[] {40, 30, 20, 10}))
                .isCloseTo(0.8719768526109903, within(1e-12));
        assertThat(PopulationStabilityIndex.of(new long[] {20, 0, 0}, new long[] {0, 0, 20}))
                .isCloseTo(6.9089712868917355, within(1e-12));
        assertThat(PopulationStabilityIndex.of(new long[] {5, 3, 2, 0}, new long[] {4, 4, 1, 1}))
                .isCloseTo(0.17178525301476316, within(1e-12));
    }

    @Test
    void largeCountsGiveTheUnsmoothedTextbookValue() {
        long n = 10_000_000;
        assertThat(PopulationStabilityIndex.of(
                        new long[] {n, 2 * n, 3 * n, 4 * n}, new long[] {4 * n, 3 * n, 2 * n, n}))
                .isCloseTo(0.9128696382935673, within(1e-6));
    }

    @Test
    void sameProportionsGiveZeroAndTheIndexIsSymmetric() {
        assertThat(PopulationStabilityIndex.of(new long[] {3, 7, 0}, new long[] {3, 7, 0}))
                .isCloseTo(0, within(1e-15));
        long[] a = {12, 5, 1, 0, 9};
        long[] b = {2, 8, 8, 3, 1};
        assertThat(PopulationStabilityIndex.of(a, b)).isCloseTo(PopulationStabilityIndex.of(b, a), within(1e-12));
        assertThat(PopulationStabilityIndex.of(a, b)).isPositive();
    }

    @Test
    void refusesMismatchedBinsAndNegativeCounts() {
        assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[] {1, 2}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same bins");
        assertThatThrownBy(() -> PopulationStabilityIndex.of(new long[] {1, -2}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
