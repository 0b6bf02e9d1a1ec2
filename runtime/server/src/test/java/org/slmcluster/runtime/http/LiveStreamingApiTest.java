package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.engines.OpenAiTestServer;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.testing.IntegrationTest;

/**
 * {@code "stream": true} is live: the first words reach the HTTP client while the model is still generating.
 * The model sits behind an OpenAI-compatible server (a real HTTP server on 127.0.0.1) whose engine stops after
 * its first word until the test opens a gate, so the proof needs no clock: the client reads that word while
 * the generation is provably unfinished. The path is the real one: worker (OpenAI-compatible engine,
 * streaming) on member 1 -> router -> dispatcher on root -> API -> client, members talking over Artery.
 */
@IntegrationTest
class LiveStreamingApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "upstream-key";

    private static GatedEngine engine;
    private static OpenAiTestServer upstream;
    private static EmbeddedCluster cluster;
    private static ApiServer api;
    private static Coordinator services;

    /** Says "Once", waits at the gate, then says the rest; generate() (not streaming) says it all at once. */
    static final class GatedEngine implements InferenceEngine {
        final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public void load() {}

        @Override
        public GenerationResult generate(GenerationRequest request) {
            return new GenerationResult("Once upon a time", 3, 4, 0L, "stop");
        }

        @Override
        public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
            onToken.accept("Once");
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new EngineException("the test never opened the gate", false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted at the gate", false);
            }
            onToken.accept(" upon");
            onToken.accept(" a time");
            return new GenerationResult("Once upon a time", 3, 4, 0L, "stop");
        }

        @Override
        public EngineDescription describe() {
            return new EngineDescription("gated", "gated", "memory", null, 512);
        }

        @Override
        public void close() {}
    }

    @BeforeAll
    static void start() throws Exception {
        engine = new GatedEngine();
        upstream = new OpenAiTestServer(engine, "gated", KEY);
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of("remote")),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings("slm.models.remote { engine = openai, base-url = \"" + upstream.baseUrl()
                                + "\", api-key = \"" + KEY + "\", remote-model = \"gated\", max-retries = 0 }\n"));
        try {
            cluster.awaitUp(Duration.ofSeconds(60));
            services = Coordinator.open(
                    cluster.coordinator(),
                    Files.createTempDirectory("slm-live-streaming-"),
                    EvaluationOptions.skippingEncoderMetrics());
            api = services.serveApi(ApiSettings.defaults().withPort(0).withToken(null));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.gate.countDown();
        }
        if (services != null) {
            services.close();
        }
        if (cluster != null) {
            cluster.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theFirstWordReachesTheClientWhileTheModelIsStillGenerating() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(api.baseUri().resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"remote\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}"))
                .build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        Iterator<String> lines = response.body().filter(line -> !line.isEmpty()).iterator();

        JsonNode role = data(lines.next());
        assertThat(role.get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        JsonNode first = data(lines.next());
        assertThat(first.get("choices").get(0).get("delta").get("content").asText())
                .isEqualTo("Once");
        // the engine is still waiting at the gate: this word cannot have come from a finished answer
        assertThat(engine.gate.getCount()).isEqualTo(1);

        engine.gate.countDown();
        StringBuilder text = new StringBuilder("Once");
        String finish = null;
        String last = null;
        while (lines.hasNext()) {
            last = lines.next();
            if (last.equals("data: [DONE]")) {
                break;
            }
            JsonNode choice = data(last).get("choices").get(0);
            text.append(choice.get("delta").path("content").asText(""));
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertThat(last).isEqualTo("data: [DONE]");
        assertThat(text.toString()).isEqualTo("Once upon a time");
        assertThat(finish).isEqualTo("stop");
    }

    private static JsonNode data(String line) throws Exception {
        assertThat(line).startsWith("data: ");
        return JSON.readTree(line.substring("data: ".length()));
    }
}
