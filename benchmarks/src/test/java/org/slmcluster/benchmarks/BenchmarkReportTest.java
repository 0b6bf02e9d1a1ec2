package org.slmcluster.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @TempDir
    Path dir;

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000L).toArray();
        BenchmarkReport.Latency latency = BenchmarkReport.Latency.of(nanos);
        assertThat(latency.p50Ms()).isEqualTo(50.0);
        assertThat(latency.p95Ms()).isEqualTo(95.0);
        assertThat(latency.p99Ms()).isEqualTo(99.0);
        assertThat(latency.maxMs()).isEqualTo(100.0);
        assertThat(latency.meanMs()).isEqualTo(50.5);
        assertThat(BenchmarkReport.Latency.of(new long[] {7_000_000L}).p99Ms()).isEqualTo(7.0);
    }

    @Test
    void optionsReadQuickOutAndValuesAndRejectStrayArguments() {
        BenchmarkReport.Options options = BenchmarkReport.Options.parse("--quick", "--out", "x.json", "--tasks", "5");
        assertThat(options.quick()).isTrue();
        assertThat(options.out()).isEqualTo(Path.of("x.json"));
        assertThat(options.intValue("tasks", 1, 2)).isEqualTo(5);
        assertThat(options.intValue("other", 1, 2)).isEqualTo(1);
        assertThat(BenchmarkReport.Options.parse().intValue("other", 1, 2)).isEqualTo(2);
        assertThatThrownBy(() -> BenchmarkReport.Options.parse("quick")).hasMessageContaining("'quick'");
    }

    @Test
    void finishWritesTheTablesSettingsAndMachineAsJson() throws Exception {
        Path out = dir.resolve("nested/result.json");
        BenchmarkReport report = new BenchmarkReport("demo", BenchmarkReport.Options.parse("--out", out.toString()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", "engine");
        row.put("p50 ms", 1.5);
        report.setting("requests", 3).row("latency", row).finish();

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.path("benchmark").asText()).isEqualTo("demo");
        assertThat(json.path("settings").path("requests").asInt()).isEqualTo(3);
        assertThat(json.path("tables").path("latency").path(0).path("p50 ms").asDouble())
                .isEqualTo(1.5);
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
    }
}
