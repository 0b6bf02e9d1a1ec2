package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Issue 15's acceptance on separate hosts: the seven members of {@code nodes/netns-cluster.sh}, each in its own
 * network namespace and started from the unpacked archive. The coordinator stores stories260K (its only copy of
 * the file as {@code stories}); deployed to leaf {@code 00}, two hops away, the file travels root -> 0 -> 00 over
 * the namespace addresses, is verified and serves a generation; no member restarts; undeploy drains it and
 * deletes the file from the leaf.
 */
@IntegrationTest
class NetnsModelLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void aStoredModelTravelsTwoHopsAcrossHostsServesAndIsRemoved() throws Exception {
        StringBuilder options = new StringBuilder("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        FastClusterSettings.JOINING.forEach(
                (key, value) -> options.append(" -D").append(key).append('=').append(value));
        // as in NetnsPartitionFaultsTest: seven JVMs on a shared machine miss heartbeats; nothing here is cut
        options.append(" -Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=20s");
        try (NetnsCluster cluster = NetnsCluster.up(dir, options.toString(), "m", 100)) {
            String subnet = cluster.subnet();
            Eventually.eventually(Duration.ofSeconds(90), () -> {
                JsonNode nodes = cluster.get("/api/v1/nodes").path("nodes");
                assertThat(nodes).hasSize(7);
                assertThat(nodes.findValuesAsText("status")).containsOnly("Up");
            });
            Map<String, Long> pids = new LinkedHashMap<>();
            for (String label : List.of("root", "0", "1", "00", "01", "10", "11")) {
                pids.put(label, cluster.process(label).orElseThrow().pid());
            }

            // the coordinator reads the file itself: the namespaces share the file system
            Path stories = DistributionTest.modelPath().resolve("stories260K.gguf");
            JsonNode stored = cluster.post(
                    "/api/v1/store",
                    "{\"file\":\"" + stories + "\",\"name\":\"stories\",\"version\":\"a\",\"context_size\":2048}");
            String digest = stored.path("digest").asText();
            assertThat(digest).hasSize(64);
            Path leafBlob = cluster.state().resolve("data-00/store/blobs/" + digest);
            assertThat(leafBlob).doesNotExist();

            cluster.post("/api/v1/placements/deploy", "{\"model\":\"stories@a\",\"to\":[\"00\"],\"replicas\":0}");
            Eventually.eventually(
                    Duration.ofSeconds(120),
                    () -> assertThat(row(cluster, "00").map(r -> r.path("phase").asText()))
                            .as(cluster.get("/api/v1/placements").toString())
                            .contains("ready"));
            List<String> transfers = new ArrayList<>();
            cluster.get("/api/v1/placements").path("transfers").forEach(t -> transfers.add(t.asText()));
            System.out.println("transfer log:\n" + String.join("\n", transfers));
            String short12 = digest.substring(0, 12);
            // each hop over the namespace addresses: 0 from the root's management port, 00 from 0's
            assertThat(transfers)
                    .anyMatch(t -> t.contains(" 0: fetched " + short12)
                            && t.contains("from root at http://" + subnet + ".10:")
                            && t.contains("sha256 verified"));
            assertThat(transfers)
                    .anyMatch(t -> t.contains(" 00: fetched " + short12)
                            && t.contains("from 0 at http://" + subnet + ".11:")
                            && t.contains("sha256 verified"));
            assertThat(leafBlob).exists();
            assertThat(Files.size(leafBlob)).isEqualTo(Files.size(stories));

            JsonNode answer = cluster.post(
                    "/api/v1/tasks",
                    "{\"model\":\"stories\",\"input\":\"Once upon a time\",\"async\":false,\"timeout_ms\":60000,"
                            + "\"parameters\":{\"max_tokens\":24,\"seed\":7}}");
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("completed");
            assertThat(answer.path("node").asText()).isEqualTo("00");
            assertThat(answer.path("hops").asInt()).isEqualTo(2);
            assertThat(answer.path("usage").path("completion_tokens").asInt()).isPositive();
            assertThat(answer.path("output").asText()).isNotBlank();

            cluster.post("/api/v1/placements/undeploy", "{\"model\":\"stories\",\"from\":[\"00\"]}");
            Eventually.eventually(Duration.ofSeconds(90), () -> {
                assertThat(row(cluster, "00")).isEmpty();
                assertThat(leafBlob).doesNotExist();
                for (JsonNode node : cluster.get("/api/v1/nodes").path("nodes")) {
                    assertThat(node.path("workers").findValuesAsText("model"))
                            .as(node.toString())
                            .doesNotContain("stories");
                }
            });

            // no member restarted: the same processes as before the deployment, all still running
            for (Map.Entry<String, Long> member : pids.entrySet()) {
                assertThat(cluster.process(member.getKey()).map(ProcessHandle::pid))
                        .as("member " + member.getKey())
                        .contains(member.getValue());
                assertThat(cluster.log(member.getKey()))
                        .as("member " + member.getKey() + " started once")
                        .containsOnlyOnce("is Up in the cluster");
            }
        }
    }

    /** The placement status row of {@code label}, if the coordinator lists one. */
    private static Optional<JsonNode> row(NetnsCluster cluster, String label) throws Exception {
        for (JsonNode member : cluster.get("/api/v1/placements").path("members")) {
            if (member.path("label").asText().equals(label)) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }
}
