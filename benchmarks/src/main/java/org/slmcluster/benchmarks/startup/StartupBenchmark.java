package org.slmcluster.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.runtime.node.EmbeddedCluster;

/**
 * How long a start takes: (a) the embedded demo cluster (7 members of the arity-2, depth-2 overlay in this
 * JVM, the repository's cluster.conf and the demo's join settings) from the first ActorSystem to every
 * member Up, the coordinator's dispatcher knowing every host and every router seeing every member; (b) one
 * member JVM as {@code slm node start} runs it (the runtime the {@code ./slm} launcher built), from
 * {@code java} starting to the member printing that it is Up, under several sets of JVM options.
 */
public final class StartupBenchmark {

    static final String USAGE = """
            usage: slm bench startup [--quick] [--out FILE] [--runs N] [--member-runs N] [--models on|off]
                                     [--parts embedded,member]
                                     [--variants NAME=OPTIONS;NAME=OPTIONS...]
            Start times: the embedded 7-member cluster to all routers ready, and a member JVM's java start
            to Up (the runtime ./slm built: run ./slm once first).
              --runs N           embedded cluster starts (quick 1, full 3)
              --member-runs N    member JVM starts per variant (quick 1, full 3)
              --parts P,P        embedded, member or both (embedded,member)
              --models on|off    embedded cluster with the demo's placement of stories260K (needs
                                 SLM_MODEL_PATH) or without models (off)
              --variants ...     JVM option sets for the member JVM; CDS in a set means: build the
                                 application class-data archive once, then start with it
                                 (default: none=;member-defaults=<nodes/jvm-options.sh>;member-defaults+cds=...)
            """ + BenchmarkUsage.COMMON;

    private static final Duration UP_TIMEOUT = Duration.ofSeconds(120);

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport("startup", options);
        Path home = Path.of(System.getProperty("slm.home", ".")).toAbsolutePath();
        int runs = options.intValue("runs", 1, 3);
        int memberRuns = options.intValue("member-runs", 1, 3);
        boolean models = options.value("models", "on").equals("on");
        report.setting("cores", Runtime.getRuntime().availableProcessors());
        report.setting("load at start", BenchmarkReport.loadAverage());
        List<String> parts = List.of(options.value("parts", "embedded,member").split(","));
        if (parts.contains("embedded")) {
            embedded(report, home, runs, models);
        }
        if (parts.contains("member")) {
            members(report, home, memberRuns, variants(options, home));
        }
        report.setting("load at end", BenchmarkReport.loadAverage());
        report.note(
                "embedded: start = creating the 7 ActorSystems (and loading the placed models); ready = every "
                        + "member Up, the dispatcher knows every host, every router sees all 7 members (EmbeddedCluster.awaitUp)");
        report.note("member JVM: slm node start --config nodes/coordinator.conf alone (its own seed, free ports); "
                + "ms from starting java to the 'listening on' and 'is Up' lines");
        return report;
    }

    private static void embedded(BenchmarkReport report, Path home, int runs, boolean models) {
        Map<String, List<String>> placement = models ? EmbeddedCluster.DEFAULT_PLACEMENT : Map.of();
        EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults()
                .withClusterConf(home.resolve("cluster.conf"))
                .withSettings("""
                        pekko.cluster.seed-node-timeout = 3s
                        pekko.cluster.retry-unsuccessful-join-after = 2s
                        pekko.loglevel = WARNING
                        """);
        for (int run = 1; run <= runs; run++) {
            long begun = System.nanoTime();
            try (EmbeddedCluster cluster = EmbeddedCluster.start(2, 2, placement, options)) {
                long started = System.nanoTime();
                cluster.awaitUp(UP_TIMEOUT);
                long ready = System.nanoTime();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", run);
                row.put("models", placement.isEmpty() ? "none" : placement.toString());
                row.put("systems started ms", (started - begun) / 1_000_000);
                row.put("all routers ready ms", (ready - begun) / 1_000_000);
                report.row("embedded cluster, 7 members in one JVM", row);
                System.err.printf("embedded run %d: ready in %d ms%n", run, (ready - begun) / 1_000_000);
            }
        }
    }

    private static Map<String, String> variants(BenchmarkReport.Options options, Path home) throws Exception {
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
            return variants;
        }
        String defaults = memberDefaults(home);
        variants.put("none", "");
        variants.put("member-defaults", defaults);
        variants.put("member-defaults+cds", defaults + " CDS");
        return variants;
    }

    /** What nodes/jvm-options.sh prints for a member (the launcher's and the distribution's defaults). */
    private static String memberDefaults(Path home) throws Exception {
        Path script = home.resolve("nodes/jvm-options.sh");
        if (!Files.isRegularFile(script)) {
            return "";
        }
        Process process = new ProcessBuilder(
                        "bash", "-c", "source \"$1\" && slm_member_java_opts", "jvm-options", script.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed: " + out);
        }
        return out;
    }

    private static void members(BenchmarkReport report, Path home, int runs, Map<String, String> variants)
            throws Exception {
        Path target = home.resolve("runtime/cli/target");
        Path classpathFile = target.resolve("classpath.txt");
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("cli-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("-sources")
                            && !p.getFileName().toString().contains("-tests"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        if (jar == null || !Files.isRegularFile(classpathFile)) {
            report.note("member JVM rows skipped: no runtime built under " + target + " (run ./slm once)");
            return;
        }
        String classpath = jar + ":" + Files.readString(classpathFile).strip();
        Path work = Files.createTempDirectory("slm-startup-bench-");
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            List<String> jvmOptions = new ArrayList<>();
            Path archive = null;
            for (String option : variant.getValue().trim().split("\\s+")) {
                if (option.equals("CDS")) {
                    archive = work.resolve(variant.getKey().replaceAll("[^a-zA-Z0-9]", "_") + ".jsa");
                } else if (!option.isEmpty()) {
                    jvmOptions.add(option);
                }
            }
            if (archive != null) {
                List<String> dump = new ArrayList<>(jvmOptions);
                dump.add("-XX:ArchiveClassesAtExit=" + archive);
                MemberStart creating = startMember(home, classpath, dump, work);
                System.err.printf("%s: archive built (start %d ms)%n", variant.getKey(), creating.upMillis());
                if (!Files.isRegularFile(archive)) {
                    throw new IllegalStateException("the JVM wrote no class-data archive at " + archive);
                }
                jvmOptions.add("-XX:SharedArchiveFile=" + archive);
            }
            for (int run = 1; run <= runs; run++) {
                MemberStart start = startMember(home, classpath, jvmOptions, work);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variant", variant.getKey());
                row.put("run", run);
                row.put("jvm options", String.join(" ", jvmOptions).replace(work.toString(), "<tmp>"));
                row.put("listening ms", start.listeningMillis());
                row.put("up ms", start.upMillis());
                report.row("member JVM: java start to Up (slm node start, coordinator alone)", row);
                System.err.printf("%s run %d: Up in %d ms%n", variant.getKey(), run, start.upMillis());
            }
        }
    }

    private record MemberStart(long listeningMillis, long upMillis) {}

    /** Starts a lone coordinator, waits for its Up line, then stops it with SIGTERM (so a CDS dump completes). */
    private static MemberStart startMember(Path home, String classpath, List<String> jvmOptions, Path work)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dde.kherud.llama.tmpdir=" + Files.createTempDirectory(work, "llama-"));
        command.add("-Dslm.home=" + home);
        command.addAll(List.of("-cp", classpath, "org.slmcluster.runtime.cli.SlmCli", "node", "start"));
        command.addAll(
                List.of("--config", home.resolve("nodes/coordinator.conf").toString()));
        command.addAll(List.of("--port", Integer.toString(port), "--seed", "127.0.0.1:" + port));
        command.addAll(List.of("--http-port", Integer.toString(freePort())));
        command.addAll(List.of("--management-port", Integer.toString(freePort())));
        long begun = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        long listening = -1;
        long up = -1;
        StringBuilder seen = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (up < 0 && (line = lines.readLine()) != null) {
                seen.append(line).append('\n');
                if (listening < 0 && line.contains("listening on")) {
                    listening = (System.nanoTime() - begun) / 1_000_000;
                }
                if (line.contains("is Up")) {
                    up = (System.nanoTime() - begun) / 1_000_000;
                }
            }
            if (up < 0) {
                throw new IllegalStateException("the member exited before it was Up; its output:\n" + seen);
            }
            // SIGTERM through the handle: Process.destroy would also close the pipe we still drain
            process.toHandle().destroy();
            // drain so the JVM can finish writing (and dump its archive) without blocking on a full pipe
            while (lines.readLine() != null) {
                // discard
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return new MemberStart(listening, up);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
