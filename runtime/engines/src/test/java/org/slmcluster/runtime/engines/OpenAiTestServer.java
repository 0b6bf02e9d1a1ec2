package org.slmcluster.runtime.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;

/**
 * A minimal OpenAI-compatible server on 127.0.0.1 (random port) in front of a real engine: the
 * {@code /v1/models}, {@code /v1/chat/completions} and {@code /v1/completions} endpoints, plain and
 * streamed, with an API-key check and injectable failures.
 */
public final class OpenAiTestServer implements AutoCloseable {

    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the answer's headers and body meet the client's delayed ACK: ~40 ms per response.
        // The JDK reads this once, when the first HttpServer of the JVM is created, so set it before any of ours.
        System.setProperty(NODELAY_PROPERTY, "true");
    }

    private final HttpServer server;
    private final InferenceEngine engine;
    private final String modelName;
    private final String apiKey;
    private final Deque<Integer> injectedStatuses = new ConcurrentLinkedDeque<>();
    private final AtomicInteger completionRequests = new AtomicInteger();
    private volatile JsonNode lastRequest;

    public OpenAiTestServer(InferenceEngine engine, String modelName, String apiKey) throws IOException {
        this.engine = engine;
        this.modelName = modelName;
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", exchange -> completion(exchange, true));
        server.createContext("/v1/completions", exchange -> completion(exchange, false));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next completion requests answer these statuses (with an error body) instead of generating. */
    public void failNext(int... statuses) {
        for (int status : statuses) {
            injectedStatuses.add(status);
        }
    }

    public int completionRequests() {
        return completionRequests.get();
    }

    public JsonNode lastRequest() {
        return lastRequest;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (apiKey == null
                || ("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        error(exchange, 401, "Invalid API key");
        return false;
    }

    private void models(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        body.putArray("data").addObject().put("id", modelName).put("object", "model");
        send(exchange, 200, body);
    }

    private void completion(HttpExchange exchange, boolean chat) throws IOException {
        completionRequests.incrementAndGet();
        if (!authorized(exchange)) {
            return;
        }
        Integer injected = injectedStatuses.poll();
        if (injected != null) {
            error(exchange, injected, "injected failure " + injected);
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        lastRequest = request;
        if (!modelName.equals(request.path("model").asText())) {
            error(exchange, 404, "model '" + request.path("model").asText() + "' not found");
            return;
        }
        GenerationRequest generation;
        try {
            generation = toGeneration(request, chat);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
            return;
        }
        try {
            if (request.path("stream").asBoolean(false)) {
                stream(exchange, generation, chat);
            } else {
                GenerationResult result = engine.generate(generation);
                ObjectNode body = JSON.createObjectNode().put("object", chat ? "chat.completion" : "text_completion");
                ObjectNode choice = body.putArray("choices")
                        .addObject()
                        .put("index", 0)
                        .put("finish_reason", result.finishReason());
                if (chat) {
                    choice.putObject("message").put("role", "assistant").put("content", result.text());
                } else {
                    choice.put("text", result.text());
                }
                body.putObject("usage")
                        .put("prompt_tokens", result.promptTokens())
                        .put("completion_tokens", result.outputTokens())
                        .put("total_tokens", result.promptTokens() + result.outputTokens());
                send(exchange, 200, body);
            }
        } catch (EngineException e) {
            error(exchange, e.retryable() ? 503 : 400, e.getMessage());
        }
    }

    private void stream(HttpExchange exchange, GenerationRequest generation, boolean chat)
            throws IOException, EngineException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            GenerationResult result = engine.stream(generation, piece -> {
                ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                choice.putNull("finish_reason");
                if (chat) {
                    choice.putObject("delta").put("content", piece);
                } else {
                    choice.put("text", piece);
                }
                event(out, chunk.toString());
            });
            ObjectNode last = JSON.createObjectNode();
            ObjectNode choice =
                    last.putArray("choices").addObject().put("index", 0).put("finish_reason", result.finishReason());
            if (chat) {
                choice.putObject("delta");
            } else {
                choice.put("text", "");
            }
            event(out, last.toString());
            if (generation.parameters() != null && includeUsage) {
                ObjectNode usage = JSON.createObjectNode();
                usage.putArray("choices");
                usage.putObject("usage")
                        .put("prompt_tokens", result.promptTokens())
                        .put("completion_tokens", result.outputTokens());
                event(out, usage.toString());
            }
            event(out, "[DONE]");
        }
    }

    /** Whether streamed answers end with a usage chunk (servers without it make the client count chunks). */
    volatile boolean includeUsage = true;

    private static void event(OutputStream out, String data) {
        try {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GenerationRequest toGeneration(JsonNode request, boolean chat) {
        List<String> stop = new ArrayList<>();
        request.path("stop").forEach(s -> stop.add(s.asText()));
        if (request.path("stop").isTextual()) {
            stop.add(request.path("stop").asText());
        }
        GenerationParameters parameters = new GenerationParameters(
                request.path("max_tokens").asInt(16),
                request.path("temperature").asDouble(1.0),
                request.path("top_p").asDouble(1.0),
                request.path("seed").asLong(0),
                stop);
        if (!chat) {
            if (!request.path("prompt").isTextual()) {
                throw new IllegalArgumentException("'prompt' must be a string");
            }
            return GenerationRequest.completion(request.path("prompt").asText(), parameters);
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            messages.add(new ChatMessage(
                    message.path("role").asText(), message.path("content").asText()));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' must not be empty");
        }
        return GenerationRequest.chat(messages, parameters);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
