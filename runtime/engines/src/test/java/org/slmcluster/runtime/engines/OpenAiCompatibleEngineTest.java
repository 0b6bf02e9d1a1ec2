package org.slmcluster.runtime.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.testing.IntegrationTest;

/** The OpenAI-compatible engine against a real OpenAI-compatible server backed by llama.cpp on stories260K. */
@IntegrationTest
class OpenAiCompatibleEngineTest {

    private static final String KEY = "test-key";
    private static final GenerationParameters GREEDY = new GenerationParameters(24, 0.0, 1.0, 42L, List.of());

    private static LlamaCppEngine local;
    private static OpenAiTestServer server;
    private static OpenAiCompatibleEngine remote;

    @BeforeAll
    static void start() throws Exception {
        local = new LlamaCppEngine(TestModels.stories());
        local.load();
        server = new OpenAiTestServer(local, "stories", KEY);
        remote = new OpenAiCompatibleEngine(spec(server.baseUrl() + "/v1/", KEY), Duration.ofMillis(20));
        remote.load();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (local != null) {
            local.close();
        }
    }

    @BeforeEach
    void noLeftoverFailures() {
        server.includeUsage = true;
    }

    private static ModelSpec spec(String baseUrl, String key) {
        return ModelSpec.openAi("stories-remote", baseUrl, key, "stories").withMaxRetries(3);
    }

    @Test
    void rawCompletionMatchesTheLocalEngine() throws EngineException {
        GenerationRequest request = GenerationRequest.completion("Once upon a time", GREEDY);
        GenerationResult expected = local.generate(request);
        GenerationResult result = remote.generate(request);

        assertThat(result.text()).isEqualTo(expected.text()).startsWith(", there was a little");
        assertThat(result.promptTokens()).isEqualTo(expected.promptTokens());
        assertThat(result.outputTokens()).isEqualTo(24);
        assertThat(result.finishReason()).isEqualTo("length");
        assertThat(server.lastRequest().path("prompt").asText()).isEqualTo("Once upon a time");
        assertThat(server.lastRequest().path("model").asText()).isEqualTo("stories");
        assertThat(server.lastRequest().path("max_tokens").asInt()).isEqualTo(24);
    }

    @Test
    void chatCompletionPlainAndStreamedAgree() throws EngineException {
        GenerationRequest request = GenerationRequest.chat(
                List.of(ChatMessage.system("You tell stories."), ChatMessage.user("Tell me a story.")),
                new GenerationParameters(20, 0.0, 1.0, 42L, List.of()));
        GenerationResult expected = local.generate(request);
        GenerationResult plain = remote.generate(request);
        List<String> pieces = new ArrayList<>();
        GenerationResult streamed = remote.stream(request, pieces::add);

        assertThat(plain.text()).isEqualTo(expected.text()).isNotEmpty();
        assertThat(streamed.text()).isEqualTo(expected.text());
        assertThat(String.join("", pieces)).isEqualTo(expected.text());
        assertThat(pieces.size()).isGreaterThan(3);
        assertThat(streamed.outputTokens()).isEqualTo(expected.outputTokens());
        assertThat(streamed.promptTokens()).isEqualTo(expected.promptTokens());
        assertThat(server.lastRequest().path("messages").size()).isEqualTo(2);
        assertThat(server.lastRequest().path("stream").asBoolean()).isTrue();
    }

    @Test
    void streamedRawCompletionWithStopStringAndWithoutUsageCountsChunks() throws EngineException {
        server.includeUsage = false;
        GenerationRequest request = GenerationRequest.completion(
                "Once upon a time", new GenerationParameters(30, 0.0, 1.0, 42L, List.of("Lily")));
        GenerationResult expected = local.generate(request);
        List<String> pieces = new ArrayList<>();
        GenerationResult streamed = remote.stream(request, pieces::add);

        assertThat(streamed.text())
                .isEqualTo(expected.text())
                .doesNotContain("Lily")
                .isNotEmpty();
        assertThat(streamed.finishReason()).isEqualTo("stop");
        assertThat(streamed.promptTokens()).isZero();
        assertThat(streamed.outputTokens()).isEqualTo(pieces.size()).isPositive();
        assertThat(server.lastRequest().path("stop").get(0).asText()).isEqualTo("Lily");
    }

    @Test
    void aServerErrorIsRetriedAndThenSucceeds() throws EngineException {
        int before = server.completionRequests();
        server.failNext(500);
        GenerationResult result = remote.generate(GenerationRequest.completion("Once upon a time", GREEDY));

        assertThat(result.text()).startsWith(", there was a little");
        assertThat(server.completionRequests() - before).isEqualTo(2);
    }

    @Test
    void tooManyRequestsHonoursRetryAfterAndStreamingRetriesToo() throws EngineException {
        int before = server.completionRequests();
        server.failNext(429, 503);
        long start = System.nanoTime();
        GenerationResult result = remote.stream(GenerationRequest.completion("Once upon a time", GREEDY), piece -> {});

        assertThat(result.text()).startsWith(", there was a little");
        assertThat(server.completionRequests() - before).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void persistentServerErrorsGiveUpWithARetryableError() {
        server.failNext(500, 500, 500, 500);
        assertThatThrownBy(() -> remote.generate(GenerationRequest.completion("Once", GREEDY)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("stories-remote")
                .hasMessageContaining("answered 500")
                .hasMessageContaining("injected failure 500")
                .satisfies(e -> assertThat(((EngineException) e).retryable()).isTrue());
    }

    @Test
    void aBadRequestFailsAtOnceWithTheServersMessage() {
        int before = server.completionRequests();
        server.failNext(400);
        assertThatThrownBy(() -> remote.generate(GenerationRequest.completion("Once", GREEDY)))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("answered 400: injected failure 400")
                .satisfies(e -> assertThat(((EngineException) e).retryable()).isFalse());
        assertThat(server.completionRequests() - before).isEqualTo(1);

        OpenAiCompatibleEngine wrongModel = new OpenAiCompatibleEngine(
                ModelSpec.openAi("m", server.baseUrl(), KEY, "no-such-model"), Duration.ofMillis(10));
        assertThatThrownBy(() -> {
                    wrongModel.load();
                    wrongModel.generate(GenerationRequest.completion("Once", GREEDY));
                })
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("answered 404: model 'no-such-model' not found");
    }

    @Test
    void aWrongApiKeyIsRefusedAtLoad() {
        InferenceEngine wrongKey = new OpenAiCompatibleEngine(spec(server.baseUrl(), "wrong"), Duration.ofMillis(10));
        assertThatThrownBy(wrongKey::load)
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("answered 401")
                .hasMessageContaining("api-key")
                .hasMessageContaining("Invalid API key");
        InferenceEngine noKey = new OpenAiCompatibleEngine(spec(server.baseUrl(), null), Duration.ofMillis(10));
        assertThatThrownBy(noKey::load).isInstanceOf(EngineException.class).hasMessageContaining("401");
    }

    @Test
    void anUnreachableServerIsRetriedThenReported() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        InferenceEngine unreachable = new OpenAiCompatibleEngine(
                spec("http://127.0.0.1:" + port, KEY).withMaxRetries(2), Duration.ofMillis(10));
        assertThatThrownBy(unreachable::load)
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("cannot connect to http://127.0.0.1:" + port)
                .satisfies(e -> assertThat(((EngineException) e).retryable()).isTrue());
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsReported() throws Exception {
        com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        slow.createContext("/", exchange -> {
            try {
                release.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        slow.start();
        try {
            String url = "http://127.0.0.1:" + slow.getAddress().getPort();
            InferenceEngine engine = new OpenAiCompatibleEngine(
                    spec(url, KEY).withRequestTimeout(Duration.ofMillis(300)).withMaxRetries(0), Duration.ofMillis(10));
            assertThatThrownBy(engine::load)
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("no answer from " + url + " within PT0.3S")
                    .satisfies(
                            e -> assertThat(((EngineException) e).retryable()).isTrue());
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }

    @Test
    void describeNamesTheServer() {
        assertThat(remote.describe().engine()).isEqualTo("openai");
        assertThat(remote.describe().location()).isEqualTo(server.baseUrl());
        assertThat(OpenAiCompatibleEngine.normalize("http://h:1234/v1/")).isEqualTo("http://h:1234");
        assertThatThrownBy(() -> OpenAiCompatibleEngine.normalize("ftp://x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
