package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;

/**
 * The archive as a user gets it: unpacked into an empty directory and run with nothing but a Java runtime
 * (and bash) on the PATH, from a working directory outside any checkout.
 */
@IntegrationTest
class DistributionTest {

    @TempDir
    static Path dir;

    static UnpackedDistribution slm;
    static Path work;

    @BeforeAll
    static void unpack() throws Exception {
        slm = UnpackedDistribution.unpack(dir);
        work = Files.createDirectories(dir.resolve("work"));
    }

    @Test
    void holdsLauncherLibrariesConfigurationUnitAndInstallText() throws IOException {
        Path home = slm.home();
        assertThat(home.getFileName().toString()).startsWith("slm-");
        assertThat(Files.isExecutable(home.resolve("bin/slm"))).isTrue();
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("cli-") && name.endsWith(".jar"))
                    .anyMatch(name -> name.startsWith("llama-") && name.endsWith(".jar"))
                    .noneMatch(name -> name.startsWith("junit") || name.startsWith("assertj"));
        }
        assertThat(home.resolve("conf/cluster.conf")).isRegularFile();
        assertThat(home.resolve("conf/nodes/coordinator.conf")).isRegularFile();
        assertThat(home.resolve("conf/nodes/pi-06.conf")).isRegularFile();
        assertThat(home.resolve("suites/builtin/suite.conf")).isRegularFile();
        assertThat(home.resolve("systemd/slm-node@.service")).isRegularFile();
        assertThat(home.resolve("systemd/node.env")).isRegularFile();
        assertThat(Files.readString(home.resolve("INSTALL"))).contains("systemctl enable --now slm-node@");
        // the PATH of every command below: java, bash and coreutils only
        try (var tools = Files.list(slm.pathDir())) {
            assertThat(tools.map(p -> p.getFileName().toString()))
                    .contains("java")
                    .doesNotContain("mvn", "mvnw");
        }
    }

    @Test
    void helpRunsWithOnlyJavaOnThePath() throws Exception {
        UnpackedDistribution.Result help = slm.run(work, Map.of(), "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: slm", "node", "score", "demo");
    }

    @Test
    void findsJavaThroughJavaHomeWhenItIsNotOnThePath() throws Exception {
        Path withoutJava = Files.createDirectories(dir.resolve("path-without-java"));
        for (String tool : new String[] {"bash", "dirname", "readlink", "mktemp", "rm", "uname"}) {
            if (!Files.exists(withoutJava.resolve(tool))) {
                Files.createSymbolicLink(
                        withoutJava.resolve(tool), slm.pathDir().resolve(tool).toRealPath());
            }
        }
        UnpackedDistribution.Result version = slm.run(
                work,
                Map.of(
                        "PATH", withoutJava.toString(),
                        "JAVA_HOME", System.getProperty("java.home")),
                "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();

        UnpackedDistribution.Result noJava = slm.run(work, Map.of("PATH", withoutJava.toString()), "--version");
        assertThat(noJava.exitCode()).isEqualTo(1);
        assertThat(noJava.output().strip())
                .isEqualTo("slm: no Java runtime found: install Java 17 or newer, or set JAVA_HOME");
    }

    @Test
    void keepsOneClassDataArchivePerCommandInTheUsersCacheAndNeverFailsACommandForIt() throws Exception {
        Path cache = dir.resolve("cds-cache");
        Path archives = cache.resolve("slm").resolve(slm.home().getFileName()).resolve("cds");
        // the archive needs a few more tools than bash and java (mkdir, stat, cksum, ...): a full PATH
        Map<String, String> env = Map.of("PATH", slm.pathDir() + ":/usr/bin:/bin", "XDG_CACHE_HOME", cache.toString());
        UnpackedDistribution.Result plain = slm.run(work, Map.of("SLM_CDS", "off"), "topology", "--help");
        assertThat(plain.exitCode()).as(plain.output()).isZero();

        UnpackedDistribution.Result dumping = slm.run(work, env, "topology", "--help");
        assertThat(dumping.exitCode()).as(dumping.output()).isZero();
        assertThat(dumping.output()).as("no JVM log lines in the output").isEqualTo(plain.output());
        List<Path> written = archivesIn(archives);
        assertThat(written)
                .singleElement()
                .satisfies(a -> assertThat(a.getFileName().toString())
                        .startsWith("slm-topology-")
                        .endsWith(".jsa"));
        assertThat(Files.size(written.get(0))).isPositive();
        var dumped = Files.getLastModifiedTime(written.get(0));

        UnpackedDistribution.Result reusing = slm.run(work, env, "topology", "--help");
        assertThat(reusing.exitCode()).as(reusing.output()).isZero();
        assertThat(reusing.output()).isEqualTo(plain.output());
        assertThat(archivesIn(archives)).isEqualTo(written);
        assertThat(Files.getLastModifiedTime(written.get(0)))
                .as("reused, not rewritten")
                .isEqualTo(dumped);

        // a changed classpath (a jar rewritten) makes a new archive in place of the stale one
        Path jar;
        try (var jars = Files.list(slm.home().resolve("lib"))) {
            jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        UnpackedDistribution.Result rebuilt = slm.run(work, env, "topology", "--help");
        assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
        assertThat(archivesIn(archives)).singleElement().isNotEqualTo(written.get(0));

        // a cache that cannot be created (here a file stands where the folder should be): no archive, same result
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x");
        UnpackedDistribution.Result unwritable = slm.run(
                work, Map.of("PATH", env.get("PATH"), "XDG_CACHE_HOME", blocked.toString()), "topology", "--help");
        assertThat(unwritable.exitCode()).as(unwritable.output()).isZero();
        assertThat(unwritable.output()).isEqualTo(plain.output());
    }

    private static List<Path> archivesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void scoresBleuOnFiles() throws Exception {
        // sacreBLEU's own example (test_bleu.py): 48.530827 with both references
        Path hyps = Files.writeString(
                work.resolve("hyps.txt"),
                "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n");
        Path ref1 = Files.writeString(
                work.resolve("ref1.txt"), "The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n");
        Path ref2 = Files.writeString(
                work.resolve("ref2.txt"),
                "The dog had bit the man.\nNo one was surprised.\nThe man had bitten the dog.\n");
        UnpackedDistribution.Result score = slm.run(
                work,
                Map.of(),
                "score",
                "bleu",
                "--hyps",
                hyps.toString(),
                "--refs",
                ref1.toString(),
                "--refs",
                ref2.toString(),
                "--json");
        assertThat(score.exitCode()).as(score.output()).isZero();
        Matcher value = Pattern.compile("\"score\"\\s*:\\s*([0-9.]+)").matcher(score.output());
        assertThat(value.find()).as(score.output()).isTrue();
        assertThat(Double.parseDouble(value.group(1))).isCloseTo(48.530827, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void nodeFilesOfTheArchiveStartACoordinatorAndAWorkerThatJoinsIt() throws Exception {
        int coordinatorPort = freePort();
        String coordinator = "127.0.0.1:" + coordinatorPort;
        Path coordinatorLog = work.resolve("coordinator.log");
        Path workerLog = work.resolve("worker.log");
        Map<String, String> env = Map.of(
                "SLM_MODEL_PATH", modelPath().toString(),
                "SLM_DATA_DIR", work.resolve("data").toString(),
                "SLM_COORDINATOR", coordinator);
        Process coordinatorProcess = slm.start(
                work,
                coordinatorLog,
                env,
                "node",
                "start",
                "--config",
                slm.home().resolve("conf/nodes/coordinator.conf").toString(),
                "--port",
                String.valueOf(coordinatorPort),
                "--http-port",
                String.valueOf(freePort()),
                "--management-port",
                "0");
        Process workerProcess = null;
        try {
            awaitLine(coordinatorProcess, coordinatorLog, "is Up");
            // pi-03 hosts stories260K: llama.cpp loads from the archive's lib/
            workerProcess = slm.start(
                    work,
                    workerLog,
                    env,
                    "node",
                    "start",
                    "--config",
                    slm.home().resolve("conf/nodes/pi-03.conf").toString(),
                    "--port",
                    "0",
                    "--management-port",
                    "0");
            awaitLine(workerProcess, workerLog, "is Up");
            assertThat(Files.readString(workerLog)).contains("seeds: " + coordinator, "models: stories260k");

            // SIGTERM (systemctl stop): the member leaves the cluster; bin/slm passes on the JVM's 143
            // (128 + SIGTERM), which the unit lists under SuccessExitStatus
            workerProcess.destroy();
            assertThat(workerProcess.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(workerProcess.exitValue())
                    .as(Files.readString(workerLog))
                    .isEqualTo(143);
            assertThat(Files.readString(workerLog)).contains("stopping: leaving the cluster");
        } finally {
            stop(workerProcess);
            stop(coordinatorProcess);
        }
    }

    @Test
    void aMemberThatReachesNoSeedSaysSoInOneLineAndExitsWithOne() throws Exception {
        int nobody = freePort();
        UnpackedDistribution.Result result = slm.run(
                work,
                Map.of(
                        "SLM_JAVA_OPTS",
                        "-Dslm.cluster.join-timeout=5s",
                        "SLM_DATA_DIR",
                        work.resolve("data2").toString()),
                "node",
                "start",
                "--config",
                slm.home().resolve("conf/nodes/pi-01.conf").toString(),
                "--coordinator",
                "127.0.0.1:" + nobody,
                "--port",
                "0",
                "--management-port",
                "0");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("slm: pi-01 [0] could not join the cluster: no seed (127.0.0.1:" + nobody
                        + ") answered within 5 s (slm.cluster.join-timeout)");
    }

    @Test
    void demoOnAFreshMachineFetchesItsModelsVerifiesThemAndRuns() throws Exception {
        // a local server stands in for the catalogue's host; HOME is empty and SLM_MODEL_PATH unset
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> served = new CopyOnWriteArrayList<>();
        server.createContext("/models/", exchange -> {
            String file =
                    Path.of(exchange.getRequestURI().getPath()).getFileName().toString();
            Path model = modelPath().resolve(file);
            served.add(file);
            byte[] body = Files.isRegularFile(model) ? Files.readAllBytes(model) : new byte[0];
            exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Path home = Files.createDirectories(dir.resolve("fresh-home"));
            UnpackedDistribution.Result demo = slm.run(
                    home,
                    Map.of(
                            "HOME",
                            home.toString(),
                            "SLM_JAVA_OPTS",
                            "-Duser.home=" + home + " -Dslm.catalogue.url-base=http://127.0.0.1:"
                                    + server.getAddress().getPort() + "/models/"),
                    "demo",
                    "--quick",
                    "--lexical-only",
                    "--max-tokens",
                    "8");
            assertThat(demo.exitCode()).as(demo.output()).isZero();
            assertThat(served).containsExactlyInAnyOrder("stories260K.gguf", "llama-2-tiny-random.gguf");
            assertThat(demo.output())
                    .contains("stories260k is not in the model path; downloading it")
                    .contains("verified sha256 270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d")
                    .contains("verified sha256 81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb");
            assertThat(home.resolve(".slm/models/stories260K.gguf")).isRegularFile();
            assertThat(home.resolve(".slm/models/llama-2-tiny-random.gguf")).isRegularFile();
        } finally {
            server.stop(0);
        }
    }

    private static void awaitLine(Process process, Path log, String text) {
        Eventually.until(Duration.ofSeconds(90), text + " in " + log, () -> {
            String output = read(log);
            if (!process.isAlive() && !output.contains(text)) {
                throw new AssertionError("exited with " + process.exitValue() + " before '" + text + "':\n" + output);
            }
            return output.contains(text);
        });
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }

    static Path modelPath() {
        String path = System.getProperty("slm.model.path");
        if (path == null || path.isBlank() || !Files.isRegularFile(Path.of(path, "stories260K.gguf"))) {
            throw new IllegalStateException(
                    "SLM_MODEL_PATH must name the directory with stories260K.gguf, not " + path);
        }
        return Path.of(path);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
