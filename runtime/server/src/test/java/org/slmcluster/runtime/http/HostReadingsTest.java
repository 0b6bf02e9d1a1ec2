package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HostReadingsTest {

    @Test
    void picksTheDashboardFiguresAndTheHottestZone() {
        String text = """
                # HELP slm_host_cpu_usage_ratio CPU use
                # TYPE slm_host_cpu_usage_ratio gauge
                slm_host_cpu_usage_ratio 0.25
                slm_host_load_average{period="5m"} 3.0
                slm_host_load_average{period="1m"} 1.5
                slm_host_memory_total_bytes 4.0E9
                slm_host_memory_available_bytes 1.0E9
                slm_host_temperature_celsius{type="cpu-thermal",zone="thermal_zone0"} 61.5
                slm_host_temperature_celsius{type="gpu",zone="thermal_zone1"} 70.25
                slm_host_throttled{flag="under_voltage",when="since_boot"} 1
                slm_host_throttled{flag="under_voltage",when="now"} 0
                slm_host_throttled{flag="throttled",when="now"} 1
                jvm_threads_current 42
                """;

        ObjectNode json = JsonFields.JSON.createObjectNode();
        HostReadings.of(text).writeTo(json);

        assertThat(json.path("cpu_usage_ratio").asDouble()).isEqualTo(0.25);
        assertThat(json.path("load_1m").asDouble()).isEqualTo(1.5);
        assertThat(json.path("memory_total_bytes").asDouble()).isEqualTo(4.0e9);
        assertThat(json.path("memory_available_bytes").asDouble()).isEqualTo(1.0e9);
        assertThat(json.path("temperature_celsius").asDouble()).isEqualTo(70.25);
        assertThat(json.path("throttled").asBoolean()).isTrue();
    }

    @Test
    void leavesOutWhatTheMemberDoesNotExport() {
        ObjectNode json = JsonFields.JSON.createObjectNode();
        HostReadings.of("slm_host_load_average{period=\"1m\"} 0.5\n").writeTo(json);

        assertThat(json.has("temperature_celsius")).isFalse();
        assertThat(json.has("throttled")).isFalse();
        assertThat(json.path("load_1m").asDouble()).isEqualTo(0.5);
    }
}
