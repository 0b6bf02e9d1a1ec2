package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/**
 * Seven members on seven addresses: {@code nodes/netns-cluster.sh} puts each in its own network namespace on
 * a private bridge and starts it from the unpacked archive; this test talks to the coordinator's HTTP API
 * across the bridge. It forms the cluster, routes a generation two hops down to llama.cpp, cuts a busy
 * worker's link (the split brain resolver removes it, its tasks complete on the other worker, each once)
 * and heals it (the member is started again, as its unit would, rejoins and serves).
 */
@IntegrationTest
class NetnsClusterTest {

    private static final int TASKS = 24;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "stories260k";
    /** Both workers hosting stories260K in conf/nodes (pi-03 and pi-06). */
    private static final List<String> STORIES_WORKERS = List.of("00", "11");

    @TempDir
    static Path dir;

    static Path script;
    static Map<String, String> env;
    static String subnet;
    static String token;
    static boolean up;
    static HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startCluster() throws Exception {
        long pid = ProcessHandle.current().pid();
        String prefix = "s" + pid % 1_000_000;
        subnet = "10." + (200 + pid % 50) + "." + (pid / 50 % 250);
        probeNamespaces(prefix);
        UnpackedDistribution slm = UnpackedDistribution.unpack(dir);
        script = RepoFiles.root().resolve("nodes/netns-cluster.sh");
        token = UUID.randomUUID().toString();
        StringBuilder javaOptions = new StringBuilder("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        FastClusterSettings.PROPERTIES.forEach((key, value) ->
                javaOptions.append(" -D").append(key).append('=').append(value));
        env = new HashMap<>();
        env.put("SLM_DIST", slm.home().toString());
        env.put("SLM_NETNS_PREFIX", prefix);
        env.put("SLM_NETNS_SUBNET", subnet);
        env.put("SLM_NETNS_STATE", dir.resolve("state").toString());
        env.put("SLM_TOKEN", token);
        env.put("SLM_JAVA_OPTS", javaOptions.toString());
        env.put("SLM_MODEL_PATH", DistributionTest.modelPath().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        up = true; // from here on, afterAll tears down whatever 'up' created
        harness(Duration.ofMinutes(6), "up");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (up) {
            harness(Duration.ofMinutes(2), "down");
        }
    }

    @Test
    void sevenHostsFormTheClusterRouteTwoHopsLoseAWorkerAndGetItBack() throws Exception {
        // 1. seven members, seven addresses, all Up
        JsonNode nodes = Eventually.eventually(Duration.ofSeconds(60), () -> {
            JsonNode status = get("/api/v1/nodes");
            assertThat(status.path("nodes")).hasSize(7);
            assertThat(status.path("nodes").findValuesAsText("status")).containsOnly("Up");
            return status;
        });
        Map<String, String> addresses = new HashMap<>();
        nodes.path("nodes")
                .forEach(n -> addresses.put(
                        n.path("label").asText(), n.path("address").asText()));
        assertThat(addresses).containsOnlyKeys("root", "0", "1", "00", "01", "10", "11");
        assertThat(addresses.values())
                .doesNotHaveDuplicates()
                .allMatch(a -> a.startsWith("pekko://slm@" + subnet + "."));
        assertThat(addresses.get("00")).isEqualTo("pekko://slm@" + subnet + ".13:25523");

        // 2. a generation from the coordinator, answered by llama.cpp on a worker two hops away
        JsonNode answer = post("/api/v1/tasks", task("Once upon a time", 24, false));
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("completed");
        assertThat(answer.path("node").asText()).isIn(STORIES_WORKERS);
        assertThat(answer.path("hops").asInt()).isEqualTo(2);
        assertThat(answer.path("route").get(0).asText()).isEqualTo("root");
        assertThat(answer.path("route")).hasSize(3);
        assertThat(answer.path("usage").path("completion_tokens").asInt()).isPositive();
        assertThat(answer.path("output").asText()).isNotBlank();

        // 3. cut the link of the worker with the most work: removed, its tasks completed elsewhere, once each
        JsonNode before = get("/api/v1/nodes").path("dispatched");
        List<String> ids = new ArrayList<>();
        // stories260K writes 1000 tokens in about half a second here: enough tasks that the victim still has
        // some queued when its link goes down
        for (int i = 0; i < TASKS; i++) {
            ids.add(post("/api/v1/tasks", task("Once upon a time " + i, 1000, true))
                    .path("id")
                    .asText());
        }
        String victim = Eventually.eventually(Duration.ofSeconds(20), () -> {
            String busiest = null;
            int most = 0;
            for (JsonNode n : get("/api/v1/nodes").path("nodes")) {
                if (STORIES_WORKERS.contains(n.path("label").asText())
                        && n.path("load").asInt() > Math.max(most, 1)) {
                    most = n.path("load").asInt();
                    busiest = n.path("label").asText();
                }
            }
            assertThat(busiest).as("a worker with tasks in flight").isNotNull();
            return busiest;
        });
        String survivor = victim.equals("00") ? "11" : "00";
        long cut = System.nanoTime();
        harness(Duration.ofSeconds(30), "partition", victim);

        Eventually.eventually(
                Duration.ofSeconds(90),
                () -> assertThat(get("/api/v1/nodes").path("nodes").findValuesAsText("label"))
                        .hasSize(6)
                        .doesNotContain(victim));
        System.out.println("worker " + victim + " removed " + (System.nanoTime() - cut) / 1_000_000
                + " ms after its link was cut");
        List<JsonNode> results = new ArrayList<>();
        for (String id : ids) {
            results.add(Eventually.eventually(Duration.ofSeconds(180), () -> {
                JsonNode t = get("/api/v1/tasks/" + id);
                assertThat(t.path("status").asText()).as(t.toString()).isNotEqualTo("running");
                return t;
            }));
        }
        assertThat(results).allSatisfy(t -> {
            assertThat(t.path("status").asText()).as(t.toString()).isEqualTo("completed");
            assertThat(t.path("usage").path("completion_tokens").asInt()).isPositive();
        });
        System.out.println("tasks (node, attempts, tokens, ms): "
                + results.stream()
                        .map(t -> t.path("node").asText() + "/"
                                + t.path("attempts").asInt() + "/"
                                + t.path("usage").path("completion_tokens").asInt() + "/"
                                + t.path("generation_ms").asLong())
                        .toList());
        List<JsonNode> redispatched =
                results.stream().filter(t -> t.path("attempts").asInt() > 1).toList();
        assertThat(redispatched).as("tasks taken away from the cut worker").isNotEmpty();
        assertThat(redispatched)
                .allSatisfy(t -> assertThat(t.path("node").asText()).isEqualTo(survivor));
        JsonNode after = get("/api/v1/nodes").path("dispatched");
        // each task counted once: TASKS more submitted and completed, none failed
        assertThat(after.path("submitted").asLong() - before.path("submitted").asLong())
                .isEqualTo(TASKS);
        assertThat(after.path("completed").asLong() - before.path("completed").asLong())
                .isEqualTo(TASKS);
        assertThat(after.path("failed").asLong())
                .isEqualTo(before.path("failed").asLong());
        assertThat(after.path("redispatched").asLong()
                        - before.path("redispatched").asLong())
                .isEqualTo(redispatched.size());

        // the cut member is the minority (1 of 7): its own split brain resolver downs it and its JVM exits
        long victimPid = Long.parseLong(
                Files.readString(dir.resolve("state").resolve(victim + ".pid")).strip());
        Eventually.until(
                Duration.ofSeconds(90),
                "the cut member's process to exit",
                () -> ProcessHandle.of(victimPid)
                        .map(ProcessHandle::isAlive)
                        .orElse(false)
                        .equals(false));
        assertThat(Files.readString(dir.resolve("state").resolve(victim + ".log")))
                .contains("left the cluster");

        // 4. heal: the link comes back, the member is started again (as its unit would), rejoins and serves
        harness(Duration.ofMinutes(4), "heal", victim);
        Eventually.eventually(Duration.ofSeconds(90), () -> {
            JsonNode status = get("/api/v1/nodes");
            assertThat(status.path("nodes").findValuesAsText("label"))
                    .hasSize(7)
                    .contains(victim);
            for (JsonNode n : status.path("nodes")) {
                if (n.path("label").asText().equals(victim)) {
                    assertThat(n.path("status").asText()).isEqualTo("Up");
                    assertThat(n.path("workers").findValuesAsText("state")).containsExactly("READY");
                }
            }
        });
        List<String> servedBy = new ArrayList<>();
        List<String> healIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            healIds.add(post("/api/v1/tasks", task("The dog " + i, 300, true))
                    .path("id")
                    .asText());
        }
        for (String id : healIds) {
            JsonNode t = Eventually.eventually(Duration.ofSeconds(120), () -> {
                JsonNode task = get("/api/v1/tasks/" + id);
                assertThat(task.path("status").asText()).isEqualTo("completed");
                return task;
            });
            servedBy.add(t.path("node").asText());
        }
        assertThat(servedBy).as("workers that answered after the heal").contains(victim);
    }

    private static String task(String input, int maxTokens, boolean async) {
        return "{\"model\":\"" + MODEL + "\",\"input\":\"" + input + "\",\"async\":" + async
                + ",\"timeout_ms\":120000,\"parameters\":{\"max_tokens\":" + maxTokens + ",\"seed\":7}}";
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api(path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        return parse(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return parse(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode parse(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 202);
        return JSON.readTree(response.body());
    }

    private static URI api(String path) {
        return URI.create("http://" + subnet + ".10:8080" + path);
    }

    /** Runs {@code nodes/netns-cluster.sh ARGS}; its output goes to this test's output. */
    private static void harness(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        System.out.print(output);
        if (!finished) {
            process.destroyForcibly();
            throw new AssertionError("netns-cluster.sh " + String.join(" ", args) + " did not finish in " + timeout);
        }
        assertThat(process.exitValue())
                .as("netns-cluster.sh " + String.join(" ", args) + ":\n" + output + logs())
                .isZero();
    }

    private static String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir.resolve("state"))) {
            for (Path log :
                    files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("\n--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            }
        } catch (IOException e) {
            out.append("(no logs: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    /** Skips (with the reason) only where the kernel or the sandbox refuses network namespaces. */
    private static void probeNamespaces(String prefix) throws IOException, InterruptedException {
        String probe = prefix + "-probe";
        Process add = new ProcessBuilder("ip", "netns", "add", probe)
                .redirectErrorStream(true)
                .start();
        String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        add.waitFor();
        Assumptions.assumeTrue(
                add.exitValue() == 0,
                "network namespaces are refused here ('ip netns add' said: " + output.strip()
                        + "); the multi-host tests need root and a kernel that allows them");
        new ProcessBuilder("ip", "netns", "del", probe).start().waitFor();
    }
}
