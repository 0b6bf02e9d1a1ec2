package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.testing.IntegrationTest;

/**
 * A coordinator without an encoder refuses, over HTTP, a job whose suite asks for BERTScore: 400 with the
 * task, the metric and the missing piece, and no job is created.
 */
@IntegrationTest
class JobsApiRefusalTest {

    @TempDir
    Path data;

    @Test
    void aJobAskingForBertScoreIsRefusedWhenNoEncoderIsConfigured() throws Exception {
        EmbeddedCluster cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of(),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"));
        try {
            cluster.awaitUp(Duration.ofSeconds(60));
            try (Coordinator services = Coordinator.open(cluster.coordinator(), data, EvaluationOptions.lexical())) {
                ApiServer server = services.serveApi(ApiSettings.defaults().withPort(0));
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/jobs"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"suite\":\"builtin\",\"models\":[\"stories260k\"]}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                JsonNode error = new ObjectMapper().readTree(response.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request");
                assertThat(error.path("message").asText())
                        .isEqualTo("task summarization: metric bertscore cannot be computed: no encoder is "
                                + "configured on this job manager (slm.evaluation.encoder)");
                assertThat(services.jobs().jobs()).isEmpty();
            }
        } finally {
            cluster.stop();
        }
    }
}
