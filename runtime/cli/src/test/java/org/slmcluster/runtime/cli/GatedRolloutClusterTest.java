package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.client.PlatformClient;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Issue 15's roll-out acceptance on a real multi-JVM cluster: version {@code a} of model {@code story}
 * (stories260K) runs on members {@code 0} and {@code 1}; version {@code b} (llama-2-tiny-random) is rolled out
 * with {@code 1} as canary behind a gate suite whose references are {@code a}'s own greedy answers, so {@code a}
 * scores higher: the roll-out is rolled back by itself and {@code 1} serves {@code a} again. Version {@code c}
 * (the same file as {@code a}) is equal on the gate and is promoted on both members. Tasks name versions
 * ({@code story@a}) and results say which version served; the history holds every decision with its numbers.
 */
@IntegrationTest
class GatedRolloutClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS =
            List.of("Once upon a time", "Lily went to the park", "The little dog", "One day, Tom", "The sun was");

    @TempDir
    Path dir;

    @Test
    void aWorseCandidateIsRolledBackAndAnEqualOneIsPromotedWithTheNumbersInTheHistory() throws Exception {
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
            processes.add(startMember("pi-0", "0", ports.get(1), ports.get(3), seed));
            processes.add(startMember("pi-1", "1", ports.get(2), ports.get(4), seed));
            for (NodeProcess process : processes) {
                process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(180));
            }
            TestNodes.awaitUpMembers(coordinator, 3, Duration.ofSeconds(60));
            NodeEndpoints served = endpoints;
            PlatformClient client = Eventually.eventually(
                    Duration.ofSeconds(30),
                    () -> new PlatformClient(
                            served.api()
                                    .orElseThrow(() -> new AssertionError("API not bound yet"))
                                    .baseUri(),
                            null));
            Coordinator root = endpoints.coordinator().orElseThrow();

            Path stories = ModelFiles.searchPath().stream()
                    .map(d -> d.resolve("stories260K.gguf"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow();
            Path tiny = stories.resolveSibling("llama-2-tiny-random.gguf");
            client.addToStore(stories.toString(), "story", "a", null, 512, null);
            client.addToStore(tiny.toString(), "story", "b", null, 512, null);
            client.addToStore(stories.toString(), "story", "c", null, 512, null);
            client.deploy("story@a", List.of("0", "1"), 0);
            Eventually.eventually(Duration.ofSeconds(120), () -> {
                assertThat(phase(client, "0", "a")).isEqualTo("ready");
                assertThat(phase(client, "1", "a")).isEqualTo("ready");
            });

            // a task names a version, and its result says which version served
            TaskResult served1 = submit(coordinator, "story@a");
            assertThat(served1).isInstanceOfSatisfying(TaskResult.Completed.class, c -> {
                assertThat(c.version()).isEqualTo("a");
                assertThat(c.result().text()).isNotBlank();
            });

            // the gate's references are a's own greedy answers: a scores full marks, a worse model less
            Path gate = gateSuite(references(root));

            JsonNode rolledBack = rollout(client, "story@b", gate);
            assertThat(rolledBack.path("state").asText())
                    .as(rolledBack.toString())
                    .isEqualTo("rolled-back");
            JsonNode worse = rolledBack.path("decision");
            assertThat(worse.path("decision").asText()).isEqualTo("roll back");
            assertThat(worse.path("shared_items").asInt()).isEqualTo(PROMPTS.size());
            assertThat(worse.path("difference").asDouble()).isNegative();
            assertThat(worse.path("lower_bound").asDouble()).isLessThan(-0.05);
            assertThat(client.placements()
                            .path("desired")
                            .path("1")
                            .path("story")
                            .asText())
                    .isEqualTo("a");
            Eventually.eventually(Duration.ofSeconds(60), () -> {
                assertThat(phase(client, "1", "a")).isEqualTo("ready");
                assertThat(phase(client, "1", "b")).isNull();
            });
            // the ledgers keep the versions apart: the gate job recorded a and b separately
            assertThat(root.jobs().ledgers().models()).contains("story@a", "story@b");

            JsonNode promoted = rollout(client, "story@c", gate);
            assertThat(promoted.path("state").asText()).as(promoted.toString()).isEqualTo("promoted");
            JsonNode equal = promoted.path("decision");
            assertThat(equal.path("decision").asText()).isEqualTo("promote");
            assertThat(equal.path("difference").asDouble()).isZero();
            assertThat(promoted.path("promoted")).extracting(JsonNode::asText).containsExactly("0");
            JsonNode desired = client.placements().path("desired");
            assertThat(desired.path("0").path("story").asText()).isEqualTo("c");
            assertThat(desired.path("1").path("story").asText()).isEqualTo("c");
            assertThat(phase(client, "0", "a")).isNull();
            TaskResult servedByC = submit(coordinator, "story");
            assertThat(servedByC)
                    .isInstanceOfSatisfying(
                            TaskResult.Completed.class,
                            c -> assertThat(c.version()).isEqualTo("c"));

            JsonNode history = client.modelHistory("story");
            System.out.println("history:\n" + history.toPrettyString());
            List<String> events = new ArrayList<>();
            history.path("events").forEach(e -> events.add(e.path("event").asText()));
            assertThat(events)
                    .containsSubsequence(
                            "deploy",
                            "started",
                            "gate-result",
                            "rolled-back",
                            "started",
                            "gate-result",
                            "promoted-member",
                            "promoted");
            assertThat(history.path("events"))
                    .filteredOn(e -> e.path("event").asText().equals("gate-result"))
                    .allSatisfy(e -> {
                        assertThat(e.has("a_mean")).isTrue();
                        assertThat(e.has("b_mean")).isTrue();
                        assertThat(e.has("lower_bound")).isTrue();
                        assertThat(e.path("confidence").asDouble()).isEqualTo(0.95);
                    });
            assertThat(dir.resolve("data-root/store/rollouts.jsonl")).exists();
            for (NodeProcess process : processes) {
                assertThat(process.isAlive()).as("no member restarted").isTrue();
            }
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

    /** Starts a roll-out and waits for its end. */
    private static JsonNode rollout(PlatformClient client, String candidate, Path gate) {
        String id = client.rollout(candidate, "1", gate.toString(), "chrf++", 0.05, 0.95)
                .path("id")
                .asText();
        return Eventually.eventually(Duration.ofMinutes(5), () -> {
            JsonNode progress = client.rolloutProgress(id);
            assertThat(progress.path("state").asText()).isNotEqualTo("running");
            return progress;
        });
    }

    private static TaskResult submit(NodeRuntime coordinator, String model) throws Exception {
        return coordinator
                .submit(
                        "rollout-" + model + "-" + System.nanoTime(),
                        model,
                        GenerationRequest.completion(
                                "Once upon a time", new GenerationParameters(8, 0.0, 1.0, 1L, List.of())),
                        Duration.ofSeconds(60))
                .toCompletableFuture()
                .get(90, TimeUnit.SECONDS);
    }

    /** Runs the prompts on story@a once and returns its answers, by item id. */
    private Map<String, String> references(Coordinator root) throws Exception {
        Path suite = Files.createDirectories(dir.resolve("reference-suite"));
        writeSuite(suite, "reference", "reference", null);
        root.jobs()
                .start(JobSpec.of(suite, "story@a"))
                .completion()
                .toCompletableFuture()
                .get(3, TimeUnit.MINUTES);
        Map<String, String> answers = new LinkedHashMap<>();
        for (ScoredItem item : root.jobs().ledgers().items("story@a", "reference")) {
            answers.put(item.key().item(), item.answer());
        }
        assertThat(answers).hasSize(PROMPTS.size());
        return answers;
    }

    private Path gateSuite(Map<String, String> references) throws IOException {
        Path suite = Files.createDirectories(dir.resolve("gate-suite"));
        writeSuite(suite, "gate", "gate", references);
        return suite;
    }

    /** A generation task over {@link #PROMPTS}, greedy and short; scored by chrF++ when references are given. */
    private static void writeSuite(Path suite, String name, String task, Map<String, String> references)
            throws IOException {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < PROMPTS.size(); i++) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("id", "p" + i);
            item.put("prompt", PROMPTS.get(i));
            if (references != null) {
                item.put("reference", references.get("p" + i));
            }
            jsonl.append(JSON.writeValueAsString(item)).append('\n');
        }
        Files.writeString(suite.resolve("items.jsonl"), jsonl.toString());
        Files.writeString(suite.resolve("suite.conf"), """
                name = "%s"
                generation {
                  system-prompt = "Continue the story."
                  seed = 7
                  temperature = 0.0
                  top-p = 1.0
                  context-size = 512
                  max-tokens = 16
                }
                tasks = [
                  {
                    id = %s
                    kind = generation
                    dataset = items.jsonl
                    prompt-template = "{{prompt}}"
                    %s
                  }
                ]
                """.formatted(
                        name, task, references == null ? "" : "metrics = [\"chrf++\"]"));
    }

    /** The phase {@code label} reports for {@code version} of story, or null when it has none. */
    private static String phase(PlatformClient client, String label, String version) {
        for (JsonNode member : client.placements().path("members")) {
            if (member.path("label").asText().equals(label)
                    && member.path("model").asText().equals("story")
                    && version.equals(member.path("version").asText(null))) {
                return member.path("phase").asText();
            }
        }
        return null;
    }

    private NodeProcess startMember(String name, String label, int port, int managementPort, String seed)
            throws IOException {
        return NodeProcess.start(
                name,
                nodeFile(name, label, "slm.management.port = " + managementPort + "\n"),
                NodeOverrides.NONE.withHost("127.0.0.1").withPort(port).withSeeds(List.of(seed)),
                Map.copyOf(FastClusterSettings.PROPERTIES),
                dir.resolve("work"));
    }

    private Path nodeFile(String name, String label, String extra) throws IOException {
        Path file = TestNodes.nodeFile(
                dir, name, label, List.of(), "slm.data-dir = \"" + dir.resolve("data-" + label) + "\"\n");
        Files.writeString(file, Files.readString(file) + extra);
        return file;
    }
}
