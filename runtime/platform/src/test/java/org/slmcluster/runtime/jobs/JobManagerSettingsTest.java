package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.ledger.DriftDetector;

class JobManagerSettingsTest {

    @Test
    void theDriftThresholdDefaultsToTheDetectorsAndCanBeSet() {
        JobManager.Settings settings = JobManager.Settings.defaults(Path.of("data"));

        assertThat(settings.driftThreshold()).isEqualTo(DriftDetector.DEFAULT_THRESHOLD);
        assertThat(settings.withDriftThreshold(0.5).withMaxInFlight(2).driftThreshold())
                .isEqualTo(0.5);
        assertThat(settings.withDriftThreshold(0).driftThreshold()).isZero();
    }

    @Test
    void aNegativeOrNonNumericDriftThresholdIsRefusedNamingTheSetting() {
        JobManager.Settings settings = JobManager.Settings.defaults(Path.of("data"));

        assertThatThrownBy(() -> settings.withDriftThreshold(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slm.alerts.drift-threshold")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> settings.withDriftThreshold(Double.NaN))
                .hasMessageContaining("slm.alerts.drift-threshold");
    }
}
