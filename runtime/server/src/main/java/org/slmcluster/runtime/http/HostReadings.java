package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few host figures the dashboard shows, picked from a member's Prometheus text exposition: CPU use,
 * 1-minute load, memory, the hottest thermal zone and whether the firmware throttles now. A figure the
 * member does not export (no thermal zone, not a Pi) stays absent.
 */
record HostReadings(
        OptionalDouble cpuUsageRatio,
        OptionalDouble load1m,
        OptionalDouble memoryTotalBytes,
        OptionalDouble memoryAvailableBytes,
        OptionalDouble temperatureCelsius,
        OptionalDouble throttledNow) {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");

    static HostReadings of(String exposition) {
        OptionalDouble cpu = OptionalDouble.empty();
        OptionalDouble load = OptionalDouble.empty();
        OptionalDouble total = OptionalDouble.empty();
        OptionalDouble available = OptionalDouble.empty();
        OptionalDouble hottest = OptionalDouble.empty();
        OptionalDouble throttled = OptionalDouble.empty();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                continue;
            }
            String labels = sample.group(2) == null ? "" : sample.group(2);
            double value;
            try {
                value = Double.parseDouble(sample.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (Double.isNaN(value)) {
                continue;
            }
            switch (sample.group(1)) {
                case "slm_host_cpu_usage_ratio" -> cpu = OptionalDouble.of(value);
                case "slm_host_load_average" -> {
                    if (labels.contains("period=\"1m\"")) {
                        load = OptionalDouble.of(value);
                    }
                }
                case "slm_host_memory_total_bytes" -> total = OptionalDouble.of(value);
                case "slm_host_memory_available_bytes" -> available = OptionalDouble.of(value);
                case "slm_host_temperature_celsius" ->
                    hottest = OptionalDouble.of(Math.max(value, hottest.orElse(Double.NEGATIVE_INFINITY)));
                case "slm_host_throttled" -> {
                    if (labels.contains("when=\"now\"")) {
                        throttled = OptionalDouble.of(Math.max(value, throttled.orElse(0)));
                    }
                }
                default -> {
                    // not shown on the dashboard
                }
            }
        }
        return new HostReadings(cpu, load, total, available, hottest, throttled);
    }

    void writeTo(ObjectNode json) {
        cpuUsageRatio.ifPresent(v -> json.put("cpu_usage_ratio", v));
        load1m.ifPresent(v -> json.put("load_1m", v));
        memoryTotalBytes.ifPresent(v -> json.put("memory_total_bytes", v));
        memoryAvailableBytes.ifPresent(v -> json.put("memory_available_bytes", v));
        temperatureCelsius.ifPresent(v -> json.put("temperature_celsius", v));
        throttledNow.ifPresent(v -> json.put("throttled", v > 0));
    }
}
