package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Every member of a multi-JVM cluster serves Prometheus metrics on its management port (JVM, host,
 * engines, routing), and the coordinator lists them all at {@code /api/v1/prometheus/targets}: the
 * coordinator runs in this JVM, two workers hosting stories260K run as {@code slm node start} processes.
 */
@IntegrationTest
class MemberMetricsClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMemberServesHostEngineAndRoutingMetricsAndTheCoordinatorListsThemAsTargets() throws Exception {
        List<Integer> ports = FreePorts.pick(5);
        String seed = "127.0.0.1:" + ports.get(0);
        List<NodeProcess> processes = new ArrayList<>();
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        try {
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", List.of()),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, 0);
            Map<String, Integer> managementPorts = new HashMap<>();
            for (String label : List.of("0", "1")) {
                int index = Integer.parseInt(label);
                managementPorts.put(label, ports.get(3 + index));
                processes.add(NodeProcess.start(
                        "worker-" + label,
                        nodeFile("worker-" + label, label, List.of("stories260k")),
                        NodeOverrides.NONE
                                .withHost("127.0.0.1")
                                .withPort(ports.get(1 + index))
                                .withManagementPort(ports.get(3 + index))
                                .withSeeds(List.of(seed)),
                        FastClusterSettings.PROPERTIES,
                        dir.resolve("work")));
            }
            for (NodeProcess process : processes) {
                process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            }
            NodeEndpoints served = endpoints;
            URI api = Eventually.eventually(
                    Duration.ofSeconds(30), () -> served.api().orElseThrow().baseUri());

            // The targets: one group per member, labelled with its overlay label.
            JsonNode targets = Eventually.eventually(Duration.ofSeconds(60), () -> {
                JsonNode groups = JSON.readTree(get(api.resolve("/api/v1/prometheus/targets")));
                assertThat(groups.size()).as(groups.toString()).isEqualTo(3);
                // a member listed while still Joining becomes Up a gossip round later
                for (JsonNode group : groups) {
                    assertThat(group.get("labels").get("status").asText())
                            .as(groups.toString())
                            .isEqualTo("Up");
                }
                return groups;
            });
            Map<String, String> targetByNode = new HashMap<>();
            for (JsonNode group : targets) {
                assertThat(group.get("targets")).hasSize(1);
                assertThat(group.get("labels").get("status").asText()).isEqualTo("Up");
                targetByNode.put(
                        group.get("labels").get("node").asText(),
                        group.get("targets").get(0).asText());
            }
            assertThat(targetByNode).containsOnlyKeys("root", "0", "1");
            assertThat(targetByNode.get("0")).isEqualTo("127.0.0.1:" + managementPorts.get("0"));
            assertThat(targetByNode.get("1")).isEqualTo("127.0.0.1:" + managementPorts.get("1"));

            // Work through the overlay: root relays to the workers, they relay the results back.
            NodeRuntime root = coordinator;
            Eventually.until(Duration.ofSeconds(30), "both workers host stories260k", () -> {
                try {
                    return root
                                    .clusterStatus(Duration.ofSeconds(5))
                                    .toCompletableFuture()
                                    .get(10, TimeUnit.SECONDS)
                                    .members()
                                    .stream()
                                    .filter(m -> m.models().contains("stories260k"))
                                    .count()
                            == 2;
                } catch (Exception e) {
                    return false;
                }
            });
            GenerationRequest request = GenerationRequest.completion(
                    "Once upon a time", new GenerationParameters(24, 0.0, 1.0, 1L, List.of()));
            for (int i = 0; i < 6; i++) {
                TaskResult result = coordinator
                        .submit("metrics-" + i, "stories260k", request, Duration.ofSeconds(60))
                        .toCompletableFuture()
                        .get(90, TimeUnit.SECONDS);
                assertThat(result).isInstanceOf(TaskResult.Completed.class);
            }

            double generatedTokens = 0;
            double firstTokens = 0;
            for (Map.Entry<String, String> target : targetByNode.entrySet()) {
                String node = target.getKey();
                String metrics = get(URI.create("http://" + target.getValue() + "/metrics"));
                System.out.println(
                        "member " + node + " serves " + metrics.lines().count() + " metric lines");
                // JVM and process (the client library's instrumentation)
                assertThat(value(metrics, "jvm_memory_used_bytes{area=\"heap\"}"))
                        .isPositive();
                assertThat(value(metrics, "jvm_threads_current")).isPositive();
                assertThat(metrics).contains("jvm_gc_collection_seconds_count{");
                assertThat(value(metrics, "process_resident_memory_bytes")).isPositive();
                // host
                assertThat(value(metrics, "slm_host_load_average{period=\"1m\"}"))
                        .isNotNegative();
                assertThat(value(metrics, "slm_host_memory_available_bytes")).isPositive();
                assertThat(value(metrics, "slm_host_memory_total_bytes"))
                        .isGreaterThan(value(metrics, "slm_host_memory_available_bytes"));
                assertThat(metrics).containsPattern("slm_host_disk_free_bytes\\{directory=\"data\",path=\"[^\"]+\"} ");
                assertThat(metrics)
                        .containsPattern("slm_host_disk_free_bytes\\{directory=\"models\",path=\"[^\"]+\"} ");
                if (thermalZoneReadable()) {
                    assertThat(metrics).contains("slm_host_temperature_celsius{");
                } else {
                    assertThat(metrics).doesNotContain("slm_host_temperature_celsius{");
                }
                if (node.equals("root")) {
                    double relayed = value(metrics, "slm_router_envelopes_relayed_total{from=\"root\",to=\"0\"}", 0)
                            + value(metrics, "slm_router_envelopes_relayed_total{from=\"root\",to=\"1\"}", 0);
                    assertThat(relayed)
                            .as("envelopes root relayed to the workers")
                            .isGreaterThanOrEqualTo(6);
                    assertThat(metrics).doesNotContain("slm_engine_generated_tokens_total{");
                } else {
                    assertThat(value(metrics, "slm_engine_state{model=\"stories260k\",state=\"READY\"}"))
                            .isEqualTo(1);
                    assertThat(value(metrics, "slm_engine_queue_depth{model=\"stories260k\"}"))
                            .isZero();
                    generatedTokens += value(metrics, "slm_engine_generated_tokens_total{model=\"stories260k\"}", 0);
                    firstTokens +=
                            value(metrics, "slm_engine_time_to_first_token_seconds_count{model=\"stories260k\"}", 0);
                    if (value(metrics, "slm_engine_requests_total{model=\"stories260k\",outcome=\"completed\"}", 0)
                            > 0) {
                        assertThat(value(metrics, "slm_engine_busy_seconds_total{model=\"stories260k\"}"))
                                .isPositive();
                        assertThat(value(metrics, "slm_engine_prompt_tokens_per_second{model=\"stories260k\"}"))
                                .isPositive();
                        assertThat(value(
                                        metrics,
                                        "slm_router_envelopes_relayed_total{from=\"" + node + "\",to=\"root\"}"))
                                .as("results relayed back to root by " + node)
                                .isPositive();
                    }
                }
            }
            assertThat(generatedTokens).as("tokens generated over both workers").isGreaterThanOrEqualTo(6);
            assertThat(firstTokens).as("first tokens timed over both workers").isEqualTo(6);
        } finally {
            if (endpoints != null) {
                endpoints.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
            for (NodeProcess process : processes) {
                process.close();
            }
        }
    }

    /** Whether this machine has a thermal zone with a readable temperature (absent in most containers). */
    private static boolean thermalZoneReadable() throws IOException {
        Path thermal = Path.of("/sys/class/thermal");
        if (!Files.isDirectory(thermal)) {
            return false;
        }
        try (var zones = Files.newDirectoryStream(thermal, "thermal_zone*")) {
            for (Path zone : zones) {
                if (Files.isReadable(zone.resolve("temp"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The value of the sample named exactly {@code series} (name and labels as exposed). */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(exposition);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + exposition);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double value(String exposition, String series, double absent) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : absent;
    }

    /** A node file on a depth-1 overlay (root, 0, 1), including the real cluster.conf. */
    private Path nodeFile(String name, String label, List<String> models) throws IOException {
        return TestNodes.nodeFile(
                dir,
                name,
                label,
                models,
                "slm.topology.depth = 1\n"
                        + "slm.data-dir = \"" + dir.resolve("data-" + name) + "\"\n"
                        + "slm.models.stories260k.context-size = 2048\n");
    }
}
