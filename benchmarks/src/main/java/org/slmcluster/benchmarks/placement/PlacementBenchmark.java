package org.slmcluster.benchmarks.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * Issue 15's placement benchmark: time and bytes sent by the coordinator to place one model on every other
 * member of the 7-member cluster (arity 2, depth 2; each member its own JVM, as {@code slm node start} runs it),
 * with members fetching along the tree ({@code slm.lifecycle.fetch-from = parent}) vs every member fetching
 * from the coordinator directly ({@code = coordinator}). The coordinator's bytes are its
 * {@code slm_model_bytes_served_total}; the LAN's bytes are that counter summed over all members.
 */
public final class PlacementBenchmark {

    static final String USAGE = """
            usage: slm bench placement [--quick] [--out FILE] [--rounds N] [--model FILE] [--modes M,M]
            Places one model from the coordinator's store on the 6 other members of a 7-member multi-JVM
            cluster and takes it off again, per mode: along the tree, or every member from the coordinator.
            Needs the runtime ./slm built (run ./slm once first).
              --rounds N   deploy/undeploy rounds per mode (quick 1, full 3)
              --model FILE the GGUF to place (default stories260K.gguf from SLM_MODEL_PATH)
              --modes M,M  parent, coordinator or both (parent,coordinator)
            """ + BenchmarkUsage.COMMON;

    /** The 7 members: node name, label. */
    private static final String[][] MEMBERS = {
        {"coordinator", "root"},
        {"pi-01", "0"},
        {"pi-02", "1"},
        {"pi-03", "00"},
        {"pi-04", "01"},
        {"pi-05", "10"},
        {"pi-06", "11"}
    };

    private static final Duration UP_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration PLACE_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PlacementBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport("placement", options);
        Path home = Path.of(System.getProperty("slm.home", ".")).toAbsolutePath();
        int rounds = options.intValue("rounds", 1, 3);
        Path model = Path.of(options.value(
                        "model",
                        BenchmarkReport.modelsDir().resolve("stories260K.gguf").toString()))
                .toAbsolutePath();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("no model file " + model + " (set SLM_MODEL_PATH or --model)");
        }
        report.setting("cores", Runtime.getRuntime().availableProcessors());
        report.setting("load at start", BenchmarkReport.loadAverage());
        report.setting("model", model.getFileName() + " (" + Files.size(model) + " bytes)");
        report.setting("members", "7 JVMs (arity 2, depth 2); the model goes to the 6 non-root members");
        for (String mode : options.value("modes", "parent,coordinator").split(",")) {
            if (!mode.equals("parent") && !mode.equals("coordinator")) {
                throw new IllegalArgumentException("--modes takes parent and/or coordinator, got '" + mode + "'");
            }
            measure(report, home, model, mode, rounds);
        }
        report.setting("load at end", BenchmarkReport.loadAverage());
        report.note("time: from POST /api/v1/placements/deploy to every one of the 6 members reporting the model "
                + "ready (fetched, sha256 verified, worker loaded); members report once a second, so times are "
                + "coarse by about a second");
        report.note("coordinator bytes: the root's slm_model_bytes_served_total; LAN bytes: summed over all members");
        return report;
    }

    private static void measure(BenchmarkReport report, Path home, Path model, String mode, int rounds)
            throws Exception {
        Path work = Files.createTempDirectory("slm-placement-");
        List<Process> processes = new ArrayList<>();
        List<Integer> managementPorts = new ArrayList<>();
        try {
            String classpath = runtimeClasspath(home);
            int seedPort = freePort();
            int httpPort = freePort();
            for (String[] member : MEMBERS) {
                boolean coordinator = member[1].equals("root");
                int management = freePort();
                managementPorts.add(management);
                Path conf = work.resolve(member[0] + ".conf");
                Files.writeString(
                        conf,
                        "include file(\"" + home.resolve("cluster.conf") + "\")\n"
                                + "slm.node { name = " + member[0] + ", label = \"" + member[1] + "\", roles = ["
                                + (coordinator ? "coordinator" : "worker") + "], models = [] }\n"
                                + "slm.data-dir = \"" + work.resolve("data-" + member[1]) + "\"\n"
                                + "slm.lifecycle.fetch-from = " + mode + "\n");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        // a loaded machine binds slowly; Pekko's default of 3 s would end the member
                        "-Dpekko.remote.artery.bind.bind-timeout=60s",
                        // nor down members whose heartbeats arrive seconds late
                        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=30s",
                        "-Dpekko.cluster.split-brain-resolver.stable-after=60s",
                        "-Dde.kherud.llama.tmpdir=" + Files.createTempDirectory(work, "llama-"),
                        "-Dslm.home=" + home,
                        "-cp",
                        classpath,
                        "org.slmcluster.runtime.cli.SlmCli",
                        "node",
                        "start",
                        "--config",
                        conf.toString(),
                        "--port",
                        Integer.toString(coordinator ? seedPort : freePort()),
                        "--seed",
                        "127.0.0.1:" + seedPort,
                        "--http-port",
                        Integer.toString(coordinator ? httpPort : freePort()),
                        "--management-port",
                        Integer.toString(management)));
                processes.add(new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve(member[0] + ".log").toFile())
                        .directory(work.toFile())
                        .start());
                if (coordinator) {
                    // the others join through it: starting them once it is Up spares a loaded machine retries
                    awaitLine(work.resolve(member[0] + ".log"), "is Up", processes.get(0));
                }
            }
            for (int i = 1; i < MEMBERS.length; i++) {
                awaitLine(work.resolve(MEMBERS[i][0] + ".log"), "is Up", processes.get(i));
            }
            String api = "http://127.0.0.1:" + httpPort + "/api/v1";
            awaitApi(api);
            ObjectNode add = JSON.createObjectNode()
                    .put("file", model.toString())
                    .put("name", "bench")
                    .put("version", "a");
            String digest = call("POST", api + "/store", add).path("digest").asText();
            List<String> labels = new ArrayList<>();
            for (String[] member : MEMBERS) {
                if (!member[1].equals("root")) {
                    labels.add(member[1]);
                }
            }
            for (int round = 1; round <= rounds; round++) {
                long rootBefore = bytesServed(managementPorts.get(0));
                long lanBefore = 0;
                for (int port : managementPorts) {
                    lanBefore += bytesServed(port);
                }
                ObjectNode deploy = JSON.createObjectNode().put("model", "bench@a");
                deploy.set("to", JSON.valueToTree(labels));
                long start = System.nanoTime();
                call("POST", api + "/placements/deploy", deploy);
                awaitPhases(api, labels, "ready");
                double seconds = (System.nanoTime() - start) / 1e9;
                long rootBytes = bytesServed(managementPorts.get(0)) - rootBefore;
                long lanBytes = -lanBefore;
                for (int port : managementPorts) {
                    lanBytes += bytesServed(port);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("mode", mode.equals("parent") ? "along the tree" : "direct from coordinator");
                row.put("round", round);
                row.put("seconds", Math.round(seconds * 100) / 100.0);
                row.put("coordinator bytes", rootBytes);
                row.put("coordinator copies", Math.round(rootBytes * 100.0 / Files.size(model)) / 100.0);
                row.put("LAN bytes", lanBytes);
                row.put("digest", digest.substring(0, 12));
                report.row("placement", row);
                ObjectNode undeploy = JSON.createObjectNode().put("model", "bench");
                call("POST", api + "/placements/undeploy", undeploy);
                awaitGone(api, work, labels, digest);
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            deleteTree(work);
        }
    }

    private static void awaitPhases(String api, List<String> labels, String phase) throws Exception {
        long deadline = System.nanoTime() + PLACE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            int matching = 0;
            for (JsonNode row : call("GET", api + "/placements", null).path("members")) {
                if (labels.contains(row.path("label").asText())
                        && row.path("model").asText().equals("bench")
                        && row.path("phase").asText().equals(phase)) {
                    matching++;
                }
            }
            if (matching == labels.size()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the model was not " + phase + " on " + labels + " within " + PLACE_TIMEOUT
                + ": " + call("GET", api + "/placements", null));
    }

    /** Until no member lists the model and no member's blob directory holds its file. */
    private static void awaitGone(String api, Path work, List<String> labels, String digest) throws Exception {
        long deadline = System.nanoTime() + PLACE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean listed = false;
            for (JsonNode row : call("GET", api + "/placements", null).path("members")) {
                listed |= row.path("model").asText().equals("bench");
            }
            boolean files = false;
            for (String label : labels) {
                files |= Files.exists(
                        work.resolve("data-" + label).resolve("store/blobs").resolve(digest));
            }
            if (!listed && !files) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the model was not removed within " + PLACE_TIMEOUT);
    }

    /** The member's {@code slm_model_bytes_served_total}. */
    private static long bytesServed(int managementPort) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith("slm_model_bytes_served_total ")) {
                return (long)
                        Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new IllegalStateException("no slm_model_bytes_served_total on port " + managementPort);
    }

    private static void awaitApi(String api) throws Exception {
        long deadline = System.nanoTime() + UP_TIMEOUT.toNanos();
        while (true) {
            try {
                call("GET", api + "/store", null);
                return;
            } catch (IOException | IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static JsonNode call(String method, String url, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
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
        String output = Files.exists(log) ? Files.readString(log) : "";
        throw new IllegalStateException("no '" + text + "' in " + log + " within " + UP_TIMEOUT + "; its end:\n"
                + output.substring(Math.max(0, output.length() - 3000)));
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
