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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.http.ApiSettings;
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
 * A job on a multi-JVM cluster (the coordinator in this JVM, serving the HTTP API as {@code slm node start}
 * does for label root; a worker hosting stories260K as an {@code slm node start} process) whose suite asks
 * for BERTScore: every answer gets BERTScore F1 from the coordinator's configured encoder, identical to
 * {@code slm score bertscore} on the same answers and references.
 */
@IntegrationTest
class ClusterBertScoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aClusterJobScoresBertScoreAsSlmScoreBertscoreDoes() throws Exception {
        Map<String, String> references = writeSuite(dir.resolve("suite"));
        List<Integer> ports = FreePorts.pick(2);
        String seed = "127.0.0.1:" + ports.get(0);
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        NodeProcess worker = null;
        try {
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", List.of()),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, null);
            worker = NodeProcess.start(
                    "worker-0",
                    nodeFile("worker-0", "0", List.of("stories260k")),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(ports.get(1))
                            .withSeeds(List.of(seed)),
                    FastClusterSettings.PROPERTIES,
                    dir.resolve("work"));
            worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            NodeRuntime root = coordinator;
            Eventually.eventually(
                    Duration.ofSeconds(60),
                    () -> assertThat(root
                                    .clusterStatus(Duration.ofSeconds(5))
                                    .toCompletableFuture()
                                    .get(10, TimeUnit.SECONDS)
                                    .members()
                                    .stream()
                                    .filter(m -> m.models().contains("stories260k"))
                                    .map(ClusterStatus.Member::label))
                            .as("members the dispatcher lists with stories260k")
                            .contains("0"));
            NodeEndpoints served = endpoints;
            URI api = Eventually.eventually(
                    Duration.ofSeconds(60),
                    () -> served.api()
                            .orElseThrow(() -> new AssertionError("no API yet"))
                            .baseUri());

            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"suite\":"
                    + JSON.writeValueAsString(dir.resolve("suite").toString()) + ",\"models\":[\"stories260k\"]}";
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(api.resolve("/api/v1/jobs"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String jobId = JSON.readTree(response.body()).path("id").asText();
            JsonNode finished = Eventually.eventually(Duration.ofSeconds(180), () -> {
                JsonNode job = JSON.readTree(http.send(
                                HttpRequest.newBuilder(api.resolve("/api/v1/jobs/" + jobId))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                assertThat(job.path("state").asText()).as(job.toString()).isNotEqualTo("running");
                return job;
            });
            assertThat(finished.path("state").asText()).as(finished.toString()).isEqualTo("completed");

            Coordinator services = endpoints.coordinator().orElseThrow();
            List<ScoredItem> items = new ArrayList<>(services.ledgers().items("stories260k", "summarization"));
            items.sort(Comparator.comparing(i -> i.key().item()));
            assertThat(items).hasSize(references.size());
            List<String> hyps = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (ScoredItem item : items) {
                assertThat(item.scores()).as(item.key().item()).containsKeys(ScoreNames.BERTSCORE_F1, "rouge1");
                assertThat(item.answer())
                        .as("answers stop at the first newline")
                        .doesNotContain("\n", "\r");
                hyps.add(item.answer());
                refs.add(references.get(item.key().item()));
            }
            Path hypsFile = Files.writeString(dir.resolve("hyps.txt"), String.join("\n", hyps) + "\n");
            Path refsFile = Files.writeString(dir.resolve("refs.txt"), String.join("\n", refs) + "\n");
            CliRun cli = CliRun.of(
                    "score",
                    "bertscore",
                    "--hyps",
                    hypsFile.toString(),
                    "--refs",
                    refsFile.toString(),
                    "--sentence-level",
                    "--json");
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode sentences = JSON.readTree(cli.out()).path("sentences");
            assertThat(sentences).hasSize(items.size());
            for (int i = 0; i < items.size(); i++) {
                assertThat(items.get(i).scores().get(ScoreNames.BERTSCORE_F1))
                        .as("BERTScore F1 of " + items.get(i).key().item() + ": '" + hyps.get(i) + "'")
                        .isEqualTo(sentences.get(i).path("f1").asDouble());
            }
            System.out.println("cluster BERTScore F1 = slm score bertscore F1 on " + items.size() + " answers: "
                    + items.stream()
                            .map(i -> i.scores().get(ScoreNames.BERTSCORE_F1))
                            .toList());
        } finally {
            if (endpoints != null) {
                endpoints.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
            if (worker != null) {
                worker.close();
            }
        }
    }

    /** A one-task suite: summarization with ROUGE and BERTScore, answers cut at the first newline. */
    private static Map<String, String> writeSuite(Path suite) throws IOException {
        Files.createDirectories(suite);
        Map<String, String> references = new LinkedHashMap<>();
        references.put("s1", "The council will close the old pool because repairs cost too much.");
        references.put("s2", "A single ticket will be valid on buses and trains from May.");
        references.put("s3", "The library opens longer on weekends.");
        StringBuilder jsonl = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, String> entry : references.entrySet()) {
            n++;
            jsonl.append(JSON.writeValueAsString(Map.of(
                            "id",
                            entry.getKey(),
                            "document",
                            "Story " + n + ". Once upon a time " + entry.getValue(),
                            "summary",
                            entry.getValue())))
                    .append('\n');
        }
        Files.writeString(suite.resolve("summarization.jsonl"), jsonl.toString());
        Files.writeString(suite.resolve("suite.conf"), """
                name = "cluster-bertscore"
                generation {
                  system-prompt = "Answer with the requested output only."
                  seed = 7
                  temperature = 0.0
                  top-p = 1.0
                  context-size = 1024
                  max-tokens = 24
                  stop = ["\\n"]
                }
                tasks = [
                  {
                    id = summarization
                    kind = summarization
                    dataset = summarization.jsonl
                    prompt-template = "Summarize: {{document}}"
                    metrics = [rouge, bertscore]
                  }
                ]
                """);
        return references;
    }

    private Path nodeFile(String name, String label, List<String> models) throws IOException {
        return TestNodes.nodeFile(
                dir,
                name,
                label,
                models,
                "slm.topology.depth = 1\n"
                        + "slm.models.stories260k.context-size = 2048\n"
                        + "slm.data-dir = \"" + dir.resolve("data") + "\"\n"
                        + "slm.evaluation.encoder = bundled\n");
    }
}
