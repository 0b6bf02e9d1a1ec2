package org.slmcluster.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every benchmark driver shares: its command line ({@code --quick}, {@code --out FILE},
 * {@code --key value}), the terminal table, latency percentiles, and the JSON result file (the table's
 * rows plus the machine and the settings the numbers came from).
 */
public final class BenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final Options options;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Instant started = Instant.now();

    public BenchmarkReport(String name, Options options) {
        this.name = name;
        this.options = options;
    }

    /** The 1, 5 and 15 minute load averages as the kernel prints them, for the settings of a result. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The command line of a benchmark main: {@code --quick} (smoke run, well under a minute),
     * {@code --out FILE} (default {@code benchmarks/results/<name>.json}) and any {@code --key value}.
     */
    public record Options(boolean quick, Path out, Map<String, String> values) {

        public static Options parse(String... args) {
            boolean quick = false;
            Path out = null;
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--quick")) {
                    quick = true;
                } else if (arg.startsWith("--") && i + 1 < args.length) {
                    String key = arg.substring(2);
                    String value = args[++i];
                    if (key.equals("out")) {
                        out = Path.of(value);
                    } else {
                        values.put(key, value);
                    }
                } else {
                    throw new IllegalArgumentException(
                            "unexpected argument '" + arg + "' (expected --quick, --out FILE or --key value)");
                }
            }
            return new Options(quick, out, values);
        }

        public int intValue(String key, int quickDefault, int fullDefault) {
            String value = values.get(key);
            return value == null ? (quick ? quickDefault : fullDefault) : Integer.parseInt(value);
        }

        public String value(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }
    }

    public Options options() {
        return options;
    }

    /** Records a setting the numbers depend on (printed and written to the JSON). */
    public BenchmarkReport setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    public BenchmarkReport note(String text) {
        notes.add(text);
        return this;
    }

    /** Adds a row (column name to value, in column order) to the named table. */
    public BenchmarkReport row(String table, Map<String, Object> row) {
        tables.computeIfAbsent(table, t -> new ArrayList<>()).add(new LinkedHashMap<>(row));
        return this;
    }

    /** Prints the settings and every table, then writes the JSON file; returns its path. */
    public Path finish() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(name).append(options.quick() ? " (quick)" : "").append(" ==\n");
        settings.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        for (Map.Entry<String, List<Map<String, Object>>> table : tables.entrySet()) {
            out.append('\n').append(table.getKey()).append('\n').append(render(table.getValue()));
        }
        for (String note : notes) {
            out.append("note: ").append(note).append('\n');
        }
        System.out.print(out);
        Path file = options.out() != null ? options.out() : defaultResultsDir().resolve(name + ".json");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", name);
        json.put("quick", options.quick());
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("machine", machine());
        json.put("settings", settings);
        json.put("tables", tables);
        json.put("notes", notes);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        System.out.println("results written to " + file);
        return file;
    }

    static String render(List<Map<String, Object>> rows) {
        List<String> columns = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            for (String column : row.keySet()) {
                if (!columns.contains(column)) {
                    columns.add(column);
                }
            }
        }
        int[] widths = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                line[c] = format(row.get(columns.get(c)));
            }
            cells.add(line);
        }
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (String[] line : cells) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, columns.toArray(String[]::new), widths);
        String[] rule = new String[columns.size()];
        for (int c = 0; c < rule.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        appendLine(out, rule, widths);
        for (String[] line : cells) {
            appendLine(out, line, widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                out.append("  ");
            }
            out.append(c == 0 ? pad(cells[c], widths[c], false) : pad(cells[c], widths[c], true));
        }
        out.append('\n');
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d != 0 && Math.abs(d) < 0.01) {
                return String.format(Locale.ROOT, "%.4f", d);
            }
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return value.toString();
    }

    /** Cores, memory, JVM and load: what a reader needs to compare numbers across machines. */
    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryBytes", os.getTotalMemorySize());
        }
        machine.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }

    /**
     * {@code benchmarks/results} of the checkout: under {@code -Dslm.home} (the launcher sets it), else
     * under the working directory when it is the repository root, else {@code ./results}.
     */
    public static Path defaultResultsDir() {
        String home = System.getProperty("slm.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "benchmarks", "results");
        }
        if (Files.isDirectory(Path.of("benchmarks"))) {
            return Path.of("benchmarks", "results");
        }
        return Path.of("results");
    }

    /** The repository root as far as it can be told (see {@link #defaultResultsDir()}). */
    public static Path repoRoot() {
        String home = System.getProperty("slm.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("benchmarks")) ? cwd : cwd.getParent();
    }

    /**
     * The folder with the test models: {@code SLM_MODEL_PATH} / {@code -Dslm.model.path}, else the shared
     * folder next to the checkout ({@code SLM_SHARED_DIR} or {@code <repo>/../shared}) + {@code models}.
     */
    public static Path modelsDir() {
        String property = System.getProperty("slm.model.path");
        if (property != null && !property.isBlank()) {
            return Path.of(property.split(java.io.File.pathSeparator)[0]);
        }
        String env = System.getenv("SLM_MODEL_PATH");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        String shared = System.getenv("SLM_SHARED_DIR");
        Path base = shared != null && !shared.isBlank()
                ? Path.of(shared)
                : repoRoot().resolve("../shared").normalize();
        return base.resolve("models");
    }

    /** Latency figures in milliseconds (nearest-rank percentiles) from samples in nanoseconds. */
    public record Latency(int count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

        public static Latency of(long[] nanos) {
            if (nanos.length == 0) {
                throw new IllegalArgumentException("no samples");
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
            return new Latency(
                    sorted.length,
                    mean,
                    percentile(sorted, 50),
                    percentile(sorted, 95),
                    percentile(sorted, 99),
                    sorted[sorted.length - 1] / 1e6);
        }

        public static Latency of(List<Long> nanos) {
            return of(nanos.stream().mapToLong(Long::longValue).toArray());
        }

        private static double percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        /** The figures as table cells. */
        public Map<String, Object> cells() {
            Map<String, Object> cells = new LinkedHashMap<>();
            cells.put("n", count);
            cells.put("mean ms", meanMs);
            cells.put("p50 ms", p50Ms);
            cells.put("p95 ms", p95Ms);
            cells.put("p99 ms", p99Ms);
            cells.put("max ms", maxMs);
            return cells;
        }
    }

    /** Exits the JVM (llama.cpp's native threads would keep it alive after every engine is closed). */
    public static void exit(int status) {
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
