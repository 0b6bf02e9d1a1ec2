package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.client.ClientException;
import org.slmcluster.runtime.client.PlatformClient;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Issue 15's acceptance on a real multi-JVM cluster: the coordinator (this JVM) holds stories260K only in its
 * store; it is deployed to leaf {@code 00}, two hops away, which fetches it through {@code 0}; the leaf is
 * SIGKILLed mid-transfer and resumes after its restart; it verifies the file and serves a generation; undeploy
 * drains and removes it; a store file that fails its digest is refused.
 */
@IntegrationTest
class ModelLifecycleClusterTest {

    @TempDir
    Path dir;

    @Test
    void aStoredModelReachesALeafAlongTheTreeResumesAfterAKillServesAndIsRemoved() throws Exception {
        List<Integer> ports = FreePorts.pick(5);
        String seed = "127.0.0.1:" + ports.get(0);
        List<NodeProcess> processes = new ArrayList<>();
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        try {
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", ""),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, 0);
            NodeProcess middle = startMember("pi-0", "0", ports.get(1), ports.get(3), seed, "");
            processes.add(middle);
            // the leaf fetches slowly, so that it can be killed mid-transfer
            String leafSettings = "slm.lifecycle.rate-limit = 120k\n";
            NodeProcess leaf = startMember("pi-00", "00", ports.get(2), ports.get(4), seed, leafSettings);
            processes.add(leaf);
            for (NodeProcess process : processes) {
                process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            }
            TestNodes.awaitUpMembers(coordinator, 3, Duration.ofSeconds(30));
            NodeEndpoints served = endpoints;
            PlatformClient client = Eventually.eventually(
                    Duration.ofSeconds(30),
                    () -> new PlatformClient(
                            served.api()
                                    .orElseThrow(() -> new AssertionError("API not bound yet"))
                                    .baseUri(),
                            null));

            Path stories = ModelFiles.searchPath().stream()
                    .map(d -> d.resolve("stories260K.gguf"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow();
            JsonNode stored = client.addToStore(stories.toString(), "stories", "a", "MIT (llama2.c)", 2048, null);
            String digest = stored.path("digest").asText();
            assertThat(digest).isEqualTo(ModelFiles.sha256(stories));
            Path notGguf = Files.writeString(dir.resolve("notes.txt"), "not a model");
            assertThatThrownBy(() -> client.addToStore(notGguf.toString(), "notes", null, null, null, null))
                    .isInstanceOfSatisfying(
                            ClientException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining("is not a GGUF model file");

            client.deploy("stories@a", List.of("00"), 0);
            // kill the leaf once part of the file has arrived
            Eventually.eventually(
                    Duration.ofSeconds(60),
                    () -> assertThat(row(client, "00")
                                    .map(r -> r.path("phase").asText() + " "
                                            + r.path("percent").asInt()))
                            .hasValueSatisfying(s -> assertThat(s).matches("transferring ([1-7][0-9])")));
            leaf.kill();
            Path partial = dir.resolve("data-00/store/blobs/" + digest + ".part");
            assertThat(partial).exists();
            long before = Files.size(partial);
            assertThat(before).isPositive();
            TestNodes.awaitUpMembers(coordinator, 2, Duration.ofSeconds(60));
            NodeProcess restarted = startMember("pi-00", "00", ports.get(2), ports.get(4), seed, leafSettings);
            processes.add(restarted);
            restarted.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));

            Eventually.eventually(
                    Duration.ofSeconds(120),
                    () -> assertThat(row(client, "00").map(r -> r.path("phase").asText()))
                            .contains("ready"));
            List<String> transfers = new ArrayList<>();
            client.placements().path("transfers").forEach(t -> transfers.add(t.asText()));
            System.out.println("transfer log:\n" + String.join("\n", transfers));
            String short12 = digest.substring(0, 12);
            assertThat(transfers).anyMatch(t -> t.contains(" 0: fetched " + short12) && t.contains("from root"));
            assertThat(transfers)
                    .anyMatch(t -> t.contains(" 00: fetched " + short12)
                            && t.contains("from 0 ")
                            && t.contains("resumed at byte ")
                            && t.contains("sha256 verified"));
            assertThat(dir.resolve("data-00/store/blobs/" + digest)).exists();
            assertThat(partial).doesNotExist();

            TaskResult result = coordinator
                    .submit(
                            "lifecycle-1",
                            "stories",
                            GenerationRequest.completion(
                                    "Once upon a time", new GenerationParameters(24, 0.0, 1.0, 1L, List.of())),
                            Duration.ofSeconds(60))
                    .toCompletableFuture()
                    .get(90, TimeUnit.SECONDS);
            assertThat(result).isInstanceOfSatisfying(TaskResult.Completed.class, c -> {
                assertThat(c.nodeLabel()).isEqualTo("00");
                assertThat(c.result().text()).isNotBlank();
            });
            assertThat(middle.isAlive())
                    .as("the middle member was never restarted")
                    .isTrue();
            assertThat(middle.output()).doesNotContain("could not start");

            // placed: the store refuses to remove it
            assertThatThrownBy(() -> client.removeFromStore("stories", "a"))
                    .isInstanceOfSatisfying(
                            ClientException.class, e -> assertThat(e.status()).isEqualTo(409))
                    .hasMessageContaining("is placed on 00");

            client.undeploy("stories", List.of("00"));
            NodeRuntime root = coordinator;
            Eventually.eventually(Duration.ofSeconds(60), () -> {
                assertThat(row(client, "00")).isEmpty();
                assertThat(dir.resolve("data-00/store/blobs/" + digest)).doesNotExist();
                assertThat(root
                                .clusterStatus(Duration.ofSeconds(5))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .members()
                                .stream()
                                .filter(m -> m.models().contains("stories"))
                                .map(ClusterStatus.Member::label))
                        .isEmpty();
            });
            assertThat(restarted.isAlive()).isTrue();
            assertThat(client.removeFromStore("stories", "a").path("version").asText())
                    .isEqualTo("a");

            // a store file that fails its digest is refused, nothing is placed
            Path tiny = stories.resolveSibling("llama-2-tiny-random.gguf");
            String tinyDigest = client.addToStore(tiny.toString(), "tiny", "x", null, null, null)
                    .path("digest")
                    .asText();
            Path blob = dir.resolve("data-root/store/blobs/" + tinyDigest);
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(blob, bytes);
            assertThatThrownBy(() -> client.deploy("tiny@x", List.of("0"), 0))
                    .isInstanceOfSatisfying(
                            ClientException.class, e -> assertThat(e.status()).isEqualTo(409))
                    .hasMessageContaining("fails its digest");
            assertThat(client.placements().path("desired").has("0")).isFalse();
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

    /** The placement status row of {@code label} for the model, if the coordinator lists one. */
    private static Optional<JsonNode> row(PlatformClient client, String label) {
        for (JsonNode member : client.placements().path("members")) {
            if (member.path("label").asText().equals(label)) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    private NodeProcess startMember(String name, String label, int port, int managementPort, String seed, String extra)
            throws IOException {
        return NodeProcess.start(
                name,
                nodeFile(name, label, extra + "slm.management.port = " + managementPort + "\n"),
                NodeOverrides.NONE.withHost("127.0.0.1").withPort(port).withSeeds(List.of(seed)),
                Map.copyOf(FastClusterSettings.PROPERTIES),
                dir.resolve("work"));
    }

    /** A node file with its own data directory {@code data-<label>} (depth 2: root, 0, 1, 00 ... 11). */
    private Path nodeFile(String name, String label, String extra) throws IOException {
        Path file = TestNodes.nodeFile(
                dir, name, label, List.of(), "slm.data-dir = \"" + dir.resolve("data-" + label) + "\"\n");
        Files.writeString(file, Files.readString(file) + extra);
        return file;
    }
}
