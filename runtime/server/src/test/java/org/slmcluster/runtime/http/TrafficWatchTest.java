package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows, baseline, edge-triggered alerts and gauges of the traffic watch, fed directly. */
class TrafficWatchTest {

    private final List<JsonNode> alerts = new ArrayList<>();

    @Test
    void unchangedTrafficRaisesNothingAndLongerPromptsRaiseOneAlertWithTheirNumbers() {
        TrafficWatch watch = new TrafficWatch(10, 0.2, alerts::add);
        for (int window = 0; window < 3; window++) {
            for (int i = 0; i < 10; i++) {
                watch.completed("m", 12, 8, 0.05);
            }
        }
        assertThat(alerts).isEmpty();
        assertThat(watch.exposition())
                .contains("slm_traffic_psi{model=\"m\",feature=\"prompt_characters\"} 0\n")
                .contains("slm_traffic_shift{model=\"m\",feature=\"prompt_characters\"} 0\n")
                .contains("slm_traffic_windows_compared_total{model=\"m\"} 2\n");

        for (int window = 0; window < 2; window++) {
            for (int i = 0; i < 10; i++) {
                watch.completed("m", 300, 8, 0.05);
            }
        }
        assertThat(alerts)
                .as("raised once when the shift starts, not again while it lasts")
                .hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("kind").asText()).isEqualTo("traffic_shift");
        assertThat(alert.path("model").asText()).isEqualTo("m");
        assertThat(alert.path("feature").asText()).isEqualTo("prompt_characters");
        // 10 in bin "<=16" against 10 in bin "<=512", 12 bins, counts + 0.5: computed independently
        double expected = expectedPsi(12);
        assertThat(alert.path("psi").asDouble()).isCloseTo(expected, within(1e-12));
        assertThat(alert.path("threshold").asDouble()).isEqualTo(0.2);
        assertThat(alert.path("bins").get(0).asText()).isEqualTo("<=16");
        assertThat(alert.path("baseline_counts").get(0).asLong()).isEqualTo(10);
        assertThat(alert.path("current_counts").get(5).asLong()).isEqualTo(10);
        assertThat(watch.exposition())
                .contains("slm_traffic_shift{model=\"m\",feature=\"prompt_characters\"} 1\n")
                .contains("slm_traffic_shift{model=\"m\",feature=\"answer_tokens\"} 0\n");
    }

    @Test
    void failuresShiftTheOutcomeDistributionAndModelsKeepTheirOwnBaselines() {
        TrafficWatch watch = new TrafficWatch(10, 0.2, alerts::add);
        for (int i = 0; i < 10; i++) {
            watch.completed("a", 12, 8, 0.05);
            watch.completed("b", 12, 8, 0.05);
        }
        for (int i = 0; i < 10; i++) {
            watch.completed("b", 12, 8, 0.05);
            if (i < 5) {
                watch.failed("a", 12, "engine_crashed");
            } else {
                watch.completed("a", 12, 8, 0.05);
            }
        }
        assertThat(alerts)
                .extracting(
                        a -> a.path("model").asText() + "/" + a.path("feature").asText())
                .containsExactly("a/outcome");
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("bins").toString()).isEqualTo("[\"engine_crashed\",\"ok\"]");
        assertThat(alert.path("current_counts").toString()).isEqualTo("[5,5]");
    }

    @Test
    void slowerAnswersShiftTheLatency() {
        TrafficWatch watch = new TrafficWatch(10, 0.2, alerts::add);
        for (int i = 0; i < 10; i++) {
            watch.completed("m", 12, 8, 0.05);
        }
        for (int i = 0; i < 10; i++) {
            watch.completed("m", 12, 8, 3.0);
        }
        assertThat(alerts).extracting(a -> a.path("feature").asText()).containsExactly("latency_seconds");
    }

    @Test
    void binsIncludeTheirUpperBound() {
        assertThat(TrafficWatch.bin(TrafficWatch.PROMPT_EDGES, 16)).isZero();
        assertThat(TrafficWatch.bin(TrafficWatch.PROMPT_EDGES, 17)).isEqualTo(1);
        assertThat(TrafficWatch.bin(TrafficWatch.PROMPT_EDGES, 1e9)).isEqualTo(TrafficWatch.PROMPT_EDGES.length);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> TrafficWatch.fromConfig(
                        ConfigFactory.parseString("slm.alerts.traffic-window = 3"), alerts::add))
                .hasMessageContaining("slm.alerts.traffic-window must be at least 10");
        assertThatThrownBy(() -> TrafficWatch.fromConfig(
                        ConfigFactory.parseString("slm.alerts.traffic-psi-threshold = 0"), alerts::add))
                .hasMessageContaining("slm.alerts.traffic-psi-threshold must be a number above 0");
        assertThatThrownBy(() -> TrafficWatch.fromConfig(
                        ConfigFactory.parseString("slm.alerts.traffic-psi-threshold = lots"), alerts::add))
                .hasMessageContaining("slm.alerts.traffic-psi-threshold");
        TrafficWatch defaults = TrafficWatch.fromConfig(ConfigFactory.empty(), alerts::add);
        assertThat(defaults.window()).isEqualTo(200);
        assertThat(defaults.threshold()).isEqualTo(0.2);
    }

    /** Ten requests all in one bin against ten all in another, of {@code bins}, counts + 0.5. */
    private static double expectedPsi(int bins) {
        double total = 10 + 0.5 * bins;
        double full = 10.5 / total;
        double empty = 0.5 / total;
        // one bin goes full -> empty, the other empty -> full; every other bin is unchanged
        return 2 * (full - empty) * Math.log(full / empty);
    }
}
