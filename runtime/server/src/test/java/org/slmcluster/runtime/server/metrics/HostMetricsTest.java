package org.slmcluster.runtime.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host figures from /proc and /sys laid out as a Raspberry Pi shows them, and from a machine without them. */
class HostMetricsTest {

    @TempDir
    Path dir;

    @Test
    void readsLoadMemoryTemperatureAndThePisThrottledFlags() throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Path sys = dir.resolve("sys");
        Files.writeString(proc.resolve("loadavg"), "1.50 0.75 0.25 2/345 6789\n");
        Files.writeString(
                proc.resolve("meminfo"),
                "MemTotal:        3884376 kB\nMemFree:          200000 kB\nMemAvailable:    2000000 kB\n");
        Path zone = Files.createDirectories(sys.resolve("class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "81234\n");
        Files.writeString(zone.resolve("type"), "cpu-thermal\n");
        Files.createDirectories(sys.resolve("class/thermal/thermal_zone1")); // a zone without a sensor file
        Path firmware = Files.createDirectories(sys.resolve("devices/platform/soc/soc:firmware"));
        // throttled now (bit 2), under-voltage since boot (bit 16)
        Files.writeString(firmware.resolve("get_throttled"), "0x10004\n");
        Path data = Files.createDirectories(dir.resolve("data"));

        String text = scrape(new HostMetrics(proc, sys, Map.of("data", data, "models", dir.resolve("not/yet"))));

        assertThat(text)
                .contains("slm_host_load_average{period=\"1m\"} 1.5")
                .contains("slm_host_load_average{period=\"15m\"} 0.25")
                .contains("slm_host_memory_total_bytes " + (3884376.0 * 1024))
                .contains("slm_host_memory_available_bytes " + (2000000.0 * 1024))
                .contains("slm_host_temperature_celsius{type=\"cpu-thermal\",zone=\"thermal_zone0\"} 81.234")
                .doesNotContain("zone=\"thermal_zone1\"")
                .contains("slm_host_throttled{flag=\"throttled\",when=\"now\"} 1.0")
                .contains("slm_host_throttled{flag=\"under_voltage\",when=\"now\"} 0.0")
                .contains("slm_host_throttled{flag=\"under_voltage\",when=\"since_boot\"} 1.0")
                .contains("slm_host_disk_free_bytes{directory=\"data\",path=\"" + data + "\"}")
                // a directory not created yet is measured on the file system it will be created on
                .contains("slm_host_disk_free_bytes{directory=\"models\",path=\"" + dir.resolve("not/yet") + "\"}");
    }

    @Test
    void absentFilesGiveNoSamples() throws IOException {
        String text = scrape(new HostMetrics(dir.resolve("no-proc"), dir.resolve("no-sys"), Map.of()));

        assertThat(text)
                .doesNotContain("slm_host_load_average{")
                .doesNotContain("slm_host_memory_total_bytes ")
                .doesNotContain("slm_host_temperature_celsius{")
                .doesNotContain("slm_host_throttled{")
                .contains("slm_host_cpus ");
    }

    private static String scrape(HostMetrics host) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        host.register(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
