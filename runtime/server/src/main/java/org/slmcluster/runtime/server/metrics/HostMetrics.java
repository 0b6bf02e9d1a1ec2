package org.slmcluster.runtime.server.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The device a member runs on, read at scrape time from {@code /proc} and {@code /sys}: CPU use and
 * load, memory, free disk of the member's directories, CPU temperature per thermal zone and, on a
 * Raspberry Pi, the firmware's throttled flags. A file that is absent or unreadable (not Linux, no
 * thermal zone, not a Pi) gives no sample rather than a made-up value.
 */
public final class HostMetrics {

    /** The firmware's {@code get_throttled} bits: bit n now, bit n + 16 since boot. */
    private static final Map<Integer, String> THROTTLED_FLAGS = Map.of(
            0, "under_voltage",
            1, "frequency_capped",
            2, "throttled",
            3, "soft_temperature_limit");

    private static final String THROTTLED_FILE = "devices/platform/soc/soc:firmware/get_throttled";

    private final Path proc;
    private final Path sys;
    private final Map<String, Path> directories;

    /**
     * @param proc        the proc file system ({@code /proc})
     * @param sys         the sys file system ({@code /sys})
     * @param directories the directories whose file system's free space matters, by role (data, models)
     */
    public HostMetrics(Path proc, Path sys, Map<String, Path> directories) {
        this.proc = proc;
        this.sys = sys;
        this.directories = Map.copyOf(directories);
    }

    /** This machine's {@code /proc} and {@code /sys}. */
    public static HostMetrics of(Map<String, Path> directories) {
        return new HostMetrics(Path.of("/proc"), Path.of("/sys"), directories);
    }

    public void register(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("slm_host_cpu_usage_ratio")
                .help("Share of the host's CPU time in use (0 to 1) since the previous reading.")
                .callback(cb -> cpuUsage().ifPresent(cb::call))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_cpus")
                .help("Processors available to the member's JVM.")
                .callback(cb -> cb.call(Runtime.getRuntime().availableProcessors()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_load_average")
                .help("The host's load average over the period (1m, 5m, 15m).")
                .labelNames("period")
                .callback(cb -> {
                    List<Double> load = loadAverage();
                    String[] periods = {"1m", "5m", "15m"};
                    for (int i = 0; i < load.size() && i < periods.length; i++) {
                        cb.call(load.get(i), periods[i]);
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_memory_total_bytes")
                .help("The host's physical memory.")
                .callback(cb -> memInfo("MemTotal").ifPresent(cb::call))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_memory_available_bytes")
                .help("Memory available to new processes without swapping (MemAvailable).")
                .callback(cb -> memInfo("MemAvailable").ifPresent(cb::call))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_disk_free_bytes")
                .help("Space usable by the member on the file system of its directory, by role (data, models).")
                .labelNames("directory", "path")
                .callback(cb -> directories.forEach((role, dir) -> store(dir).ifPresent(store -> {
                    try {
                        cb.call((double) store.getUsableSpace(), role, dir.toString());
                    } catch (IOException e) {
                        // an unreadable file system gives no sample
                    }
                })))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_disk_size_bytes")
                .help("Size of the file system of the member's directory, by role (data, models).")
                .labelNames("directory", "path")
                .callback(cb -> directories.forEach((role, dir) -> store(dir).ifPresent(store -> {
                    try {
                        cb.call((double) store.getTotalSpace(), role, dir.toString());
                    } catch (IOException e) {
                        // an unreadable file system gives no sample
                    }
                })))
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_temperature_celsius")
                .help("Temperature of each thermal zone (/sys/class/thermal), by zone and its type (e.g. cpu-thermal).")
                .labelNames("zone", "type")
                .callback(cb -> {
                    for (Zone zone : thermalZones()) {
                        cb.call(zone.celsius(), zone.name(), zone.type());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("slm_host_throttled")
                .help("Raspberry Pi firmware throttling flags (1 = set), now or at any time since boot.")
                .labelNames("flag", "when")
                .callback(cb -> throttledBits()
                        .ifPresent(bits -> THROTTLED_FLAGS.forEach((bit, flag) -> {
                            cb.call((double) ((bits >> bit) & 1), flag, "now");
                            cb.call((double) ((bits >> (bit + 16)) & 1), flag, "since_boot");
                        })))
                .register(registry);
    }

    private static OptionalDouble cpuUsage() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getCpuLoad();
            return load < 0 ? OptionalDouble.empty() : OptionalDouble.of(load);
        }
        return OptionalDouble.empty();
    }

    List<Double> loadAverage() {
        List<Double> load = new ArrayList<>();
        read(proc.resolve("loadavg")).ifPresent(text -> {
            String[] fields = text.trim().split("\\s+");
            for (int i = 0; i < 3 && i < fields.length; i++) {
                try {
                    load.add(Double.parseDouble(fields[i]));
                } catch (NumberFormatException e) {
                    return;
                }
            }
        });
        return load;
    }

    /** A {@code /proc/meminfo} figure in bytes (the file gives kB). */
    OptionalDouble memInfo(String key) {
        Optional<String> text = read(proc.resolve("meminfo"));
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        for (String line : text.get().split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] fields = line.substring(key.length() + 1).trim().split("\\s+");
                try {
                    double value = Double.parseDouble(fields[0]);
                    boolean kilobytes = fields.length > 1 && fields[1].equalsIgnoreCase("kB");
                    return OptionalDouble.of(kilobytes ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    record Zone(String name, String type, double celsius) {}

    List<Zone> thermalZones() {
        List<Zone> zones = new ArrayList<>();
        Path thermal = sys.resolve("class/thermal");
        if (!Files.isDirectory(thermal)) {
            return zones;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(thermal, "thermal_zone*")) {
            for (Path zone : entries) {
                Optional<String> millis = read(zone.resolve("temp"));
                if (millis.isEmpty()) {
                    continue;
                }
                try {
                    double celsius = Long.parseLong(millis.get().trim()) / 1000.0;
                    String type = read(zone.resolve("type")).map(String::trim).orElse("");
                    zones.add(new Zone(zone.getFileName().toString(), type, celsius));
                } catch (NumberFormatException e) {
                    // a zone whose sensor reports nothing numeric gives no sample
                }
            }
        } catch (IOException e) {
            return zones;
        }
        zones.sort((a, b) -> a.name().compareTo(b.name()));
        return zones;
    }

    /** The firmware's throttled word (e.g. {@code 0x50005}), when this is a Pi that exposes it. */
    Optional<Long> throttledBits() {
        return read(sys.resolve(THROTTLED_FILE)).flatMap(text -> {
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.startsWith("0x")) {
                value = value.substring(2);
            }
            try {
                return Optional.of(Long.parseLong(value, 16));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The file store of {@code dir}, or of its nearest existing parent when it does not exist yet. */
    private static Optional<FileStore> store(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.getFileStore(existing));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isReadable(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
