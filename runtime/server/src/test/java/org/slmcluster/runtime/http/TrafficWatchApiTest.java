package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.testing.IntegrationTest;

/**
 * The traffic watch through the real API: a 2-member cluster with stories260K (real llama.cpp) on member 1,
 * windows of 10 chat completions. A baseline window of short prompts, then an unchanged window: no alert and a
 * prompt-length PSI of 0. Then a window of long prompts: a {@code traffic_shift} alert with its PSI at
 * {@code /api/v1/alerts}, on {@code /metrics} and POSTed to the webhook (a real HTTP server on 127.0.0.1).
 */
@IntegrationTest
class TrafficWatchApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "stories260k";
    private static final String SHORT = "Once upon a time";
    private static final String LONG =
            "Once upon a time there was a little girl who liked to play in the park. ".repeat(4);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void longerPromptsRaiseAnAlertWithTheirPsiAndUnchangedTrafficNone() throws Exception {
        LinkedBlockingQueue<JsonNode> posted = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        Path dataDir = Files.createTempDirectory("slm-traffic-watch-");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of(MODEL)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings("pekko.cluster.seed-node-timeout = 3s\n"
                                + "slm.alerts.traffic-window = 10\n"
                                + "slm.alerts.traffic-psi-threshold = 0.2\n"
                                + "slm.alerts.webhook-url = \"http://127.0.0.1:"
                                + hook.getAddress().getPort() + "/hook\"\n"))) {
            cluster.awaitUp(Duration.ofSeconds(60));
            try (Coordinator services =
                    Coordinator.open(cluster.coordinator(), dataDir, EvaluationOptions.skippingEncoderMetrics())) {
                ApiServer api =
                        services.serveApi(ApiSettings.defaults().withPort(0).withToken(null));
                // warm the path up through /api/v1/tasks, which the watch does not see
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> task = post(api, "/api/v1/tasks", ApiServerTest.generateTask(SHORT, 4));
                    assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
                }

                window(api, SHORT);
                window(api, SHORT);
                assertThat(alerts(api)).as("unchanged traffic").isEmpty();
                assertThat(get(api, "/metrics").body())
                        .contains("slm_traffic_windows_compared_total{model=\"stories260k\"} 1\n")
                        .contains("slm_traffic_psi{model=\"stories260k\",feature=\"prompt_characters\"} 0\n")
                        .contains("slm_traffic_shift{model=\"stories260k\",feature=\"prompt_characters\"} 0\n");

                window(api, LONG);
                List<JsonNode> shifts = new ArrayList<>();
                alerts(api).forEach(alert -> {
                    if ("prompt_characters".equals(alert.path("feature").asText())) {
                        shifts.add(alert);
                    }
                });
                assertThat(shifts).hasSize(1);
                JsonNode alert = shifts.get(0);
                assertThat(alert.path("kind").asText()).isEqualTo("traffic_shift");
                assertThat(alert.path("model").asText()).isEqualTo(MODEL);
                // 10 prompts of 16 characters against 10 of 288: bins "<=16" and "<=512" of 12, counts + 0.5
                double full = 10.5 / 16;
                double empty = 0.5 / 16;
                assertThat(alert.path("psi").asDouble())
                        .isCloseTo(2 * (full - empty) * Math.log(full / empty), within(1e-9));
                assertThat(alert.path("baseline_counts").get(0).asLong()).isEqualTo(10);
                assertThat(alert.path("current_counts").get(5).asLong()).isEqualTo(10);
                assertThat(get(api, "/metrics").body())
                        .contains("slm_traffic_shift{model=\"stories260k\",feature=\"prompt_characters\"} 1\n");

                JsonNode hooked = null;
                for (JsonNode next = posted.poll(10, TimeUnit.SECONDS);
                        next != null;
                        next = posted.poll(2, TimeUnit.SECONDS)) {
                    if ("prompt_characters".equals(next.path("feature").asText())) {
                        hooked = next;
                        break;
                    }
                }
                assertThat(hooked).as("the webhook got the alert").isEqualTo(alert);
            }
        } finally {
            hook.stop(0);
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }

    private void window(ApiServer api, String prompt) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = post(
                    api,
                    "/v1/chat/completions",
                    "{\"model\":\"" + MODEL + "\",\"max_tokens\":4,\"temperature\":0,\"seed\":7,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(prompt)
                            + "}]}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private List<JsonNode> alerts(ApiServer api) throws Exception {
        HttpResponse<String> response = get(api, "/api/v1/alerts");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(response.body()).path("alerts").forEach(alerts::add);
        return alerts;
    }

    private HttpResponse<String> get(ApiServer api, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(api.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(ApiServer api, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(api.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
