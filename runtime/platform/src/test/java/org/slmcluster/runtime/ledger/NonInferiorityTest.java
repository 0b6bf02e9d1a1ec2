package org.slmcluster.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonInferiorityTest {

    @Test
    void aClearlyWorseCandidateFailsAndAnEqualOnePasses() {
        List<double[]> worse = new ArrayList<>();
        List<double[]> equal = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            worse.add(new double[] {0.6 + 0.02 * i, 0.1});
            equal.add(new double[] {0.6 + 0.02 * i, 0.6 + 0.02 * i});
        }
        NonInferiority.Result rejected = NonInferiority.test(worse, 0.05, 0.95);
        assertThat(rejected.shared()).isEqualTo(10);
        assertThat(rejected.difference()).isCloseTo(-0.59, within(1e-9));
        assertThat(rejected.lowerBound()).isLessThan(-0.05);
        assertThat(rejected.passed()).isFalse();

        NonInferiority.Result promoted = NonInferiority.test(equal, 0.05, 0.95);
        assertThat(promoted.difference()).isZero();
        assertThat(promoted.lowerBound()).isZero();
        assertThat(promoted.passed()).isTrue();
    }

    @Test
    void aSmallDropWithinTheMarginPassesAndAHigherConfidenceIsStricter() {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // B loses 0.1 on every fourth item: mean drop 0.025, noisy
            pairs.add(new double[] {0.5, i % 4 == 0 ? 0.4 : 0.5});
        }
        NonInferiority.Result loose = NonInferiority.test(pairs, 0.06, 0.8);
        NonInferiority.Result strict = NonInferiority.test(pairs, 0.06, 0.99);
        assertThat(loose.passed()).isTrue();
        assertThat(strict.lowerBound()).isLessThanOrEqualTo(loose.lowerBound());
        assertThat(NonInferiority.test(pairs, 0.0, 0.95).passed()).isFalse();
    }

    @Test
    void noSharedItemsNeverPassAndBadSettingsAreRefused() {
        assertThat(NonInferiority.test(List.of(), 1.0, 0.95).passed()).isFalse();
        assertThatThrownBy(() -> NonInferiority.test(List.of(), -0.1, 0.95)).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> NonInferiority.test(List.of(), 0.1, 1.0)).hasMessageContaining("below 1");
    }
}
