package org.slmcluster.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static Map<String, Map<String, Map<String, Double>>> run(String task, String metric, double... scores) {
        Map<String, Map<String, Double>> items = new HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            items.put("item-" + i, Map.of(metric, scores[i]));
        }
        return Map.of(task, items);
    }

    @Test
    void aConsistentDropIsDriftWithItsNumbers() {
        var baseline = run("qa", "f1", 0.8, 0.9, 0.7, 0.85, 0.75, 0.9, 0.8, 0.95);
        var worse = run("qa", "f1", 0.1, 0.2, 0.0, 0.3, 0.1, 0.2, 0.15, 0.25);
        List<DriftDetector.Comparison> result = new DriftDetector(0.05).compare(baseline, worse);
        assertThat(result).hasSize(1);
        DriftDetector.Comparison c = result.get(0);
        assertThat(c.drifted()).isTrue();
        assertThat(c.shared()).isEqualTo(8);
        assertThat(c.difference()).isCloseTo(0.1625 - 0.83125, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.ciHigh()).isLessThan(0);
        assertThat(c.ciLow()).isLessThanOrEqualTo(c.difference());
    }

    @Test
    void anUnchangedRunOrNoiseAroundZeroIsNotDrift() {
        var baseline = run("qa", "f1", 0.8, 0.9, 0.7, 0.85);
        assertThat(new DriftDetector(0).compare(baseline, baseline))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.drifted()).isFalse();
                    assertThat(c.difference()).isZero();
                });
        var noisy = run("qa", "f1", 0.9, 0.8, 0.75, 0.8);
        assertThat(new DriftDetector(0).compare(baseline, noisy))
                .singleElement()
                .satisfies(c -> assertThat(c.drifted()).isFalse());
    }

    @Test
    void aSignificantButSmallChangeStaysBelowTheThreshold() {
        var baseline = run("qa", "f1", 0.80, 0.81, 0.82, 0.83, 0.84);
        var slightly = run("qa", "f1", 0.79, 0.80, 0.81, 0.82, 0.83);
        assertThat(new DriftDetector(0.05).compare(baseline, slightly))
                .singleElement()
                .satisfies(c -> assertThat(c.drifted()).isFalse());
        assertThat(new DriftDetector(0).compare(baseline, slightly))
                .singleElement()
                .satisfies(c -> assertThat(c.drifted()).isTrue());
    }

    @Test
    void onlySharedItemsAndTasksAreCompared() {
        assertThat(new DriftDetector(0).compare(run("qa", "f1", 0.5, 0.6), run("other", "f1", 0.1, 0.2)))
                .isEmpty();
        assertThat(new DriftDetector(0).compare(run("qa", "f1", 0.5), run("qa", "f1", 0.1)))
                .as("fewer than two shared items")
                .isEmpty();
        assertThatThrownBy(() -> new DriftDetector(-1)).hasMessageContaining("threshold");
    }
}
