package org.slmcluster.benchmarks.footprint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;

/**
 * What a member costs in memory: members of the local cluster each in its own JVM, as
 * {@code slm cluster local --jvm-per-node} starts them ({@code slm node start} with the node files of
 * {@code nodes/}, here on free ports): the coordinator (API and ledgers), an idle router ({@code pi-01}),
 * the router on the way to the worker ({@code pi-02}, label 1) and a worker hosting stories260K
 * ({@code pi-06}). Resident memory (VmRSS) once all are Up and idle, then the heap in use (jcmd GC.heap_info) and RSS again after one generation through the coordinator's
 * API; once with no JVM options (what {@code slm node start} used before) and once with the member
 * defaults of {@code nodes/jvm-options.sh}.
 */
public final class FootprintBenchmark {

    static final String USAGE = """
            usage: slm bench footprint [--quick] [--out FILE] [--variants NAME=OPTIONS;NAME=OPTIONS...]
                                       [--settle-ms MS]
            Resident memory of member JVMs (coordinator, idle router, worker with stories260K) idle and after
            a generation, with and without the member JVM defaults. Needs the runtime ./slm built and
            SLM_MODEL_PATH.
              --variants ...     JVM option sets (default: none=;member-defaults=<nodes/jvm-options.sh>)
              --settle-ms MS     wait after Up before measuring idle memory (quick 2000, full 5000)
            """ + BenchmarkUsage.COMMON;

    private static final String[][] MEMBERS = {
        {"coordinator", "coordinator.conf", "coordinator (API + ledgers)"},
        {"pi-01", "pi-01.conf", "idle router"},
        // label 1: the worker at 11 is reached root -> 1 -> 11 (overlay routing needs the member on the way)
        {"pi-02", "pi-02.conf", "router on the way to the worker"},
        {"pi-06", "pi-06.conf", "worker, stories260K"}
    };
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(180);

    private FootprintBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport("footprint", options);
        Path home = Path.of(System.getProperty("slm.home", ".")).toAbsolutePath();
        String classpath = runtimeClasspath(home);
        long settle = options.intValue("settle-ms", 2000, 5000);
        report.setting("cores", Runtime.getRuntime().availableProcessors());
        report.setting("load at start", BenchmarkReport.loadAverage());
        Map<String, String> variants = new LinkedHashMap<>();
        String given = options.value("variants", null);
        if (given != null) {
            for (String variant : given.split(";")) {
                int eq = variant.indexOf('=');
                if (eq <= 0) {
                    throw BenchmarkUsage.badArguments("--variants takes NAME=OPTIONS;..., got '" + variant + "'");
                }
                variants.put(variant.substring(0, eq), variant.substring(eq + 1));
            }
        } else {
            variants.put("none", "");
            variants.put("member-defaults", memberDefaults(home));
        }
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            measure(report, home, classpath, variant.getKey(), variant.getValue(), settle);
        }
        report.setting("load at end", BenchmarkReport.loadAverage());
        report.note(
                "RSS = VmRSS of the member's JVM from /proc; heap used from jcmd GC.heap_info after the generation");
        report.note("one generation = POST /v1/chat/completions to the coordinator, model stories260k, 16 tokens");
        return report;
    }

    private static void measure(
            BenchmarkReport report, Path home, String classpath, String variant, String jvmOptions, long settle)
            throws Exception {
        Path work = Files.createTempDirectory("slm-footprint-");
        List<Process> processes = new ArrayList<>();
        try {
            int coordinatorPort = freePort();
            int httpPort = freePort();
            for (String[] member : MEMBERS) {
                boolean coordinator = member[0].equals("coordinator");
                int port = coordinator ? coordinatorPort : freePort();
                List<String> command = new ArrayList<>();
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                for (String option : jvmOptions.trim().split("\\s+")) {
                    if (!option.isEmpty()) {
                        command.add(option);
                    }
                }
                command.add("-Dde.kherud.llama.tmpdir=" + Files.createTempDirectory(work, "llama-"));
                command.add("-Dslm.home=" + home);
                command.add("-Dslm.data.dir=" + work.resolve("data"));
                String modelPath = System.getenv("SLM_MODEL_PATH");
                if (modelPath != null) {
                    command.add("-Dslm.model.path=" + modelPath);
                }
                command.addAll(List.of("-cp", classpath, "org.slmcluster.runtime.cli.SlmCli", "node", "start"));
                command.addAll(List.of(
                        "--config", home.resolve("nodes").resolve(member[1]).toString()));
                command.addAll(List.of("--port", Integer.toString(port), "--seed", "127.0.0.1:" + coordinatorPort));
                command.addAll(List.of("--http-port", Integer.toString(coordinator ? httpPort : freePort())));
                command.addAll(List.of("--management-port", Integer.toString(freePort())));
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve(member[0] + ".log").toFile())
                        .directory(work.toFile())
                        .start();
                processes.add(process);
            }
            for (int i = 0; i < MEMBERS.length; i++) {
                awaitLine(work.resolve(MEMBERS[i][0] + ".log"), "is Up", processes.get(i));
            }
            Thread.sleep(settle);
            long[] idle = new long[MEMBERS.length];
            for (int i = 0; i < MEMBERS.length; i++) {
                idle[i] = rssKb(processes.get(i).pid());
            }
            // the dispatcher learns the worker's model through the receptionist a moment after Up
            String generation = generate(httpPort);
            long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
            while (!generation.equals("ok") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                generation = generate(httpPort);
            }
            Thread.sleep(1000);
            for (int i = 0; i < MEMBERS.length; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variant", variant);
                row.put("member", MEMBERS[i][2]);
                row.put("idle RSS MB", idle[i] / 1024.0);
                row.put("RSS after a generation MB", rssKb(processes.get(i).pid()) / 1024.0);
                row.put("heap used after MB", heapUsedKb(processes.get(i).pid()) / 1024.0);
                row.put("generation", generation);
                row.put("jvm options", jvmOptions.isBlank() ? "(none)" : jvmOptions);
                report.row("member memory (one JVM per member)", row);
                System.err.printf("%s %s: idle %.0f MB%n", variant, MEMBERS[i][0], idle[i] / 1024.0);
            }
        } finally {
            for (Process process : processes) {
                process.toHandle().destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static String generate(int httpPort) {
        String body = "{\"model\":\"stories260k\",\"max_tokens\":16,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/chat/completions"))
                                    .timeout(Duration.ofSeconds(120))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? "ok" : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("member exited before '" + text + "'; log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + text + "' in " + log + " within " + UP_TIMEOUT);
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    /** Heap in use from {@code jcmd PID GC.heap_info} ("... used 12345K"), summed over the heap's spaces. */
    private static long heapUsedKb(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                .redirectErrorStream(true)
                .start();
        String out;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", reader.lines().toList());
        }
        process.waitFor(30, TimeUnit.SECONDS);
        // serial: "def new generation total 4928K, used 1234K" + "tenured generation total ..., used ..."
        // G1: "garbage-first heap total 262144K, used 23456K"
        Matcher used = Pattern.compile("(generation|heap)\\s+total \\d+K, used (\\d+)K")
                .matcher(out);
        long sum = 0;
        while (used.find()) {
            sum += Long.parseLong(used.group(2));
        }
        return sum;
    }

    private static String runtimeClasspath(Path home) throws IOException {
        Path target = home.resolve("runtime/cli/target");
        Path classpathFile = target.resolve("classpath.txt");
        try (var files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("cli-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no runtime built under " + target + "; run ./slm once"));
            return jar + ":" + Files.readString(classpathFile).strip();
        }
    }

    private static String memberDefaults(Path home) throws Exception {
        Process process = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$1\" && slm_member_java_opts",
                        "jvm-options",
                        home.resolve("nodes/jvm-options.sh").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("nodes/jvm-options.sh failed: " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
