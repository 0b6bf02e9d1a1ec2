package org.slmcluster.benchmarks.clispeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;

/**
 * Whole-process time of {@code slm score bleu|chrf|ter} as a user runs it (the checkout's {@code ./slm} and
 * the distribution's {@code bin/slm}, each with and without its class-data archive) against the
 * {@code sacrebleu} command on the same plain-text files: the WMT17 en-de references and one system's output,
 * and all 16 systems' outputs in one file (48,064 segments, the references repeated). Runs alternate between
 * the tools; the table has the median of the runs, the speed-up over sacreBLEU and both printed scores.
 */
public final class CliSpeedBenchmark {

    static final String USAGE = """
            usage: slm bench cli-speed [--quick] [--out FILE] [--runs N] [--sacrebleu PATH] [--dist DIR]
                                       [--launchers L,L] [--cases C,C] [--data FILE]
            Whole-process times of slm score bleu|chrf|ter (./slm and the distribution's bin/slm) against the
            sacrebleu command on the WMT17 en-de files; median of alternated runs; the speed-up over sacreBLEU.
              --runs N           timed runs per command (quick 1, full 3), after one untimed first run
              --sacrebleu PATH   the sacrebleu command (default: sacrebleu on PATH); without it the slm
                                 rows are still timed, and the driver says that sacrebleu is missing
              --dist DIR         an unpacked distribution (default: distribution/target/slm-*.tar.gz,
                                 unpacked into a temporary folder; its rows are left out when none is built)
              --launchers L,L    repo or dist, each optionally with -nocds (SLM_CDS=off: no class-data archive),
                                 -1thread (-Dslm.metrics.threads=1: statistics on one thread) and -c2
                                 (-XX:TieredStopAtLevel=4: C2 back for short commands); all three = before
                                 (default: repo-nocds-1thread-c2,repo,dist-nocds-1thread-c2,dist)
              --cases C,C        bleu-1, bleu-16, chrf-1, chrf-16, ter-1, ter-16 (chrf = chrF++; 1 = one
                                 system, 16 = all systems; default: all but ter-16; quick: the three -1)
              --data FILE        the corpus (default: $SLM_SHARED_DIR/wmt17_en_de/newstest2017_en_de.json)
            """ + BenchmarkUsage.COMMON;

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final long TIMEOUT_SECONDS = 600;

    private CliSpeedBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    /** One command line to time: a tool (sacrebleu or an slm launcher) on one case. */
    private record Tool(String name, List<String> prefix, Map<String, String> environment) {}

    /** What one metric needs on each command line. */
    private record Metric(String name, List<String> slmArgs, List<String> sacrebleuArgs) {}

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport("cli-speed", options);
        Path home = BenchmarkReport.repoRoot().toAbsolutePath();
        int runs = options.intValue("runs", 1, 3);
        List<String> cases = List.of(
                options.value("cases", options.quick() ? "bleu-1,chrf-1,ter-1" : "bleu-1,bleu-16,chrf-1,chrf-16,ter-1")
                        .split(","));
        List<String> launchers =
                List.of(options.value("launchers", "repo-nocds-1thread-c2,repo,dist-nocds-1thread-c2,dist")
                        .split(","));
        Path data = Path.of(options.value("data", defaultData().toString()));
        Path work = Files.createTempDirectory("slm-cli-speed-");
        report.setting("cores", Runtime.getRuntime().availableProcessors());
        report.setting("load at start", BenchmarkReport.loadAverage());
        report.setting("runs", runs);

        CorpusFiles corpusFiles = writeCorpus(data, work);
        List<Tool> tools = new ArrayList<>();
        String sacrebleu = options.value("sacrebleu", "sacrebleu");
        if (onPath(sacrebleu)) {
            tools.add(new Tool("sacrebleu", List.of(sacrebleu), Map.of()));
            report.setting(
                    "sacrebleu",
                    sacrebleu + " "
                            + output(List.of(sacrebleu, "--version"), Map.of()).strip());
        } else {
            System.err.println(
                    "cli-speed: sacrebleu not found at '" + sacrebleu + "' (give --sacrebleu PATH); timing slm only");
            report.note("sacrebleu missing ('" + sacrebleu + "'): no comparison");
        }
        Path dist = launchers.stream().anyMatch(l -> l.startsWith("dist")) ? distribution(options, home, work) : null;
        for (String launcher : launchers) {
            List<String> parts = List.of(launcher.split("-"));
            Map<String, String> env = new LinkedHashMap<>();
            if (parts.contains("nocds")) {
                env.put("SLM_CDS", "off");
            }
            List<String> javaOpts = new ArrayList<>();
            if (parts.contains("1thread")) {
                javaOpts.add("-Dslm.metrics.threads=1");
            }
            if (parts.contains("c2")) {
                javaOpts.add("-XX:TieredStopAtLevel=4");
            }
            if (!javaOpts.isEmpty()) {
                env.put("SLM_JAVA_OPTS", String.join(" ", javaOpts));
            }
            if (!parts.stream().skip(1).allMatch(p -> p.equals("nocds") || p.equals("1thread") || p.equals("c2"))) {
                throw BenchmarkUsage.badArguments("unknown launcher '" + launcher + "'");
            }
            if (parts.get(0).equals("repo")) {
                tools.add(new Tool(
                        launcher + " ./slm", List.of(home.resolve("slm").toString()), env));
            } else if (!parts.get(0).equals("dist")) {
                throw BenchmarkUsage.badArguments("unknown launcher '" + launcher + "'");
            } else if (dist == null) {
                report.note(launcher + " left out: no distribution built (./mvnw -pl distribution -am package)");
            } else {
                tools.add(new Tool(
                        launcher + " bin/slm", List.of(dist.resolve("bin/slm").toString()), env));
            }
        }
        for (String oneCase : cases) {
            String[] parts = oneCase.split("-");
            if (parts.length != 2 || !(parts[1].equals("1") || parts[1].equals("16"))) {
                throw BenchmarkUsage.badArguments("a case is METRIC-1 or METRIC-16, got '" + oneCase + "'");
            }
            Metric metric = metric(parts[0]);
            boolean all = parts[1].equals("16");
            Path hyps = all ? corpusFiles.allHypotheses() : corpusFiles.oneHypotheses();
            Path refs = all ? corpusFiles.allReferences() : corpusFiles.oneReferences();
            int segments = all ? corpusFiles.allSegments() : corpusFiles.oneSegments();
            Map<Tool, List<Long>> times = new LinkedHashMap<>();
            Map<Tool, String> scores = new LinkedHashMap<>();
            Map<Tool, Long> firstRuns = new LinkedHashMap<>();
            Map<Tool, List<Long>> cpu = new LinkedHashMap<>();
            for (int run = 0; run <= runs; run++) {
                for (Tool tool : tools) {
                    List<String> command = new ArrayList<>(tool.prefix());
                    if (tool.name().equals("sacrebleu")) {
                        command.addAll(List.of(refs.toString(), "-i", hyps.toString(), "-b", "-w", "2"));
                        command.addAll(metric.sacrebleuArgs());
                    } else {
                        command.addAll(List.of(
                                "score", metric.name(), "-i", hyps.toString(), "--refs", refs.toString(), "-w", "2"));
                        command.addAll(metric.slmArgs());
                    }
                    long begun = System.nanoTime();
                    Finished finished = finish(command, tool.environment());
                    long millis = (System.nanoTime() - begun) / 1_000_000;
                    if (run == 0) {
                        firstRuns.put(tool, millis);
                        scores.put(tool, firstNumber(finished.out(), command));
                    } else {
                        times.computeIfAbsent(tool, t -> new ArrayList<>()).add(millis);
                        cpu.computeIfAbsent(tool, t -> new ArrayList<>()).add(finished.cpuMillis());
                    }
                }
            }
            long sacrebleuMedian =
                    tools.isEmpty() || !tools.get(0).name().equals("sacrebleu") ? -1 : median(times.get(tools.get(0)));
            for (Tool tool : tools) {
                long median = median(times.get(tool));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("case", oneCase);
                row.put("segments", segments);
                row.put("command", tool.name());
                row.put("first run ms", firstRuns.get(tool));
                row.put("median ms", median);
                row.put("runs ms", times.get(tool).toString());
                row.put("x sacrebleu", sacrebleuMedian > 0 ? (double) sacrebleuMedian / median : null);
                row.put("median cpu ms", median(cpu.get(tool)));
                row.put("score", scores.get(tool));
                report.row("whole-process time, " + (all ? "all 16 systems" : "one system"), row);
                System.err.printf("%s %s: median %d ms%n", oneCase, tool.name(), median);
            }
        }
        report.setting("load at end", BenchmarkReport.loadAverage());
        report.note("first run = untimed warm-up: builds ./slm if needed and writes the class-data archive "
                + "(-XX:ArchiveClassesAtExit) of a launcher with CDS on; median of the runs after it");
        report.note("x sacrebleu = sacrebleu's median / this command's median (wall clock); chrf = chrF++ (word "
                + "order 2); cpu = user + system time of the command and its children (bash times)");
        report.note("one system = " + corpusFiles.oneSystem() + "; all = the 16 outputs concatenated, "
                + "the references repeated 16 times");
        deleteTree(work);
        return report;
    }

    private static Metric metric(String name) {
        return switch (name) {
            case "bleu" -> new Metric("bleu", List.of(), List.of("-m", "bleu"));
            case "chrf" ->
                new Metric("chrf", List.of("--chrf-word-order", "2"), List.of("-m", "chrf", "--chrf-word-order", "2"));
            case "ter" -> new Metric("ter", List.of(), List.of("-m", "ter"));
            default -> throw BenchmarkUsage.badArguments("unknown metric '" + name + "' (bleu, chrf, ter)");
        };
    }

    /** The plain-text files both tools read. */
    private record CorpusFiles(
            String oneSystem,
            Path oneHypotheses,
            Path oneReferences,
            int oneSegments,
            Path allHypotheses,
            Path allReferences,
            int allSegments) {}

    private static CorpusFiles writeCorpus(Path data, Path work) throws IOException {
        if (!Files.isRegularFile(data)) {
            throw BenchmarkUsage.badArguments(
                    "WMT17 data not found at " + data + " (set SLM_SHARED_DIR or give --data FILE)");
        }
        JsonNode root = new ObjectMapper().readTree(data.toFile());
        List<String> reference = new ArrayList<>();
        root.get("reference").forEach(n -> reference.add(n.asText()));
        StringBuilder all = new StringBuilder();
        StringBuilder allRefs = new StringBuilder();
        String first = null;
        String firstText = null;
        int count = 0;
        for (Map.Entry<String, JsonNode> system : root.get("systems").properties()) {
            StringBuilder text = new StringBuilder();
            system.getValue().forEach(n -> text.append(n.asText()).append('\n'));
            if (first == null) {
                first = system.getKey();
                firstText = text.toString();
            }
            all.append(text);
            reference.forEach(r -> allRefs.append(r).append('\n'));
            count++;
        }
        if (first == null) {
            throw new IOException(data + " holds no systems");
        }
        Path ref = work.resolve("ref.de");
        Files.writeString(ref, String.join("\n", reference) + "\n", StandardCharsets.UTF_8);
        Path one = work.resolve("one-system.de");
        Files.writeString(one, firstText, StandardCharsets.UTF_8);
        Path allHyps = work.resolve("all-systems.de");
        Files.writeString(allHyps, all, StandardCharsets.UTF_8);
        Path allRef = work.resolve("all-ref.de");
        Files.writeString(allRef, allRefs, StandardCharsets.UTF_8);
        return new CorpusFiles(first, one, ref, reference.size(), allHyps, allRef, reference.size() * count);
    }

    /** The unpacked distribution: --dist DIR, else the built archive unpacked into {@code work}, else null. */
    private static Path distribution(BenchmarkReport.Options options, Path home, Path work) throws Exception {
        String given = options.value("dist", null);
        if (given != null) {
            Path dir = Path.of(given);
            if (!Files.isExecutable(dir.resolve("bin/slm"))) {
                throw BenchmarkUsage.badArguments("--dist " + dir + " has no bin/slm");
            }
            return dir;
        }
        Path target = home.resolve("distribution/target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        Path archive;
        try (var files = Files.list(target)) {
            archive = files.filter(p -> p.getFileName().toString().matches("slm-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElse(null);
        }
        if (archive == null) {
            return null;
        }
        Path unpacked = work.resolve("dist");
        Files.createDirectories(unpacked);
        output(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), Map.of());
        try (var dirs = Files.list(unpacked)) {
            return dirs.findFirst().orElseThrow(() -> new IOException(archive + " is empty"));
        }
    }

    /** What a finished command printed, and the CPU time it and its children used. */
    private record Finished(String out, long cpuMillis) {}

    /** Runs a command to its end and returns its stdout; a failure shows its output and stops the benchmark. */
    private static String output(List<String> command, Map<String, String> environment) throws Exception {
        return finish(command, environment).out();
    }

    /**
     * Runs a command under bash, whose {@code times} then reports the user and system CPU time of the command
     * and its children (a figure a busy machine disturbs far less than the wall clock).
     */
    private static Finished finish(List<String> command, Map<String, String> environment) throws Exception {
        Path errors = Files.createTempFile("slm-cli-speed-", ".err");
        try {
            List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\"; s=$?; times >&2; exit $s", "timed"));
            wrapped.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(wrapped).redirectError(errors.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String err = Files.readString(errors);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + out + err);
            }
            return new Finished(out, childCpuMillis(err));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The children's line of bash's {@code times} (the last line, e.g. {@code 0m2.139s 0m0.641s}), in ms. */
    private static long childCpuMillis(String err) {
        String[] lines = err.strip().split("\n");
        Matcher matcher = TIMES.matcher(lines[lines.length - 1]);
        long millis = 0;
        while (matcher.find()) {
            millis +=
                    Long.parseLong(matcher.group(1)) * 60_000 + Math.round(Double.parseDouble(matcher.group(2)) * 1000);
        }
        return millis;
    }

    /** The score a command printed: the first number after '=' (slm's text line) or alone (sacrebleu -b). */
    private static String firstNumber(String out, List<String> command) {
        String text = out.contains("=") ? out.substring(out.indexOf('=') + 1) : out;
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no score in the output of " + String.join(" ", command) + ": " + out);
        }
        return matcher.group();
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** True when {@code command} is an executable path or found on PATH. */
    private static boolean onPath(String command) {
        if (command.contains(File.separator)) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static Path defaultData() {
        String shared = System.getenv("SLM_SHARED_DIR");
        Path base = shared != null && !shared.isBlank()
                ? Path.of(shared)
                : BenchmarkReport.repoRoot().resolve("../shared").normalize();
        return base.resolve("wmt17_en_de").resolve("newstest2017_en_de.json");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
