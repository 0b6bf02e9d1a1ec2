package org.slmcluster.runtime.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.runtime.models.EngineKind;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * Talks to an OpenAI-compatible server (LM Studio, Ollama, llama-server, vLLM): chat requests go to
 * {@code /v1/chat/completions}, raw prompts to {@code /v1/completions}, both plain or streamed as
 * server-sent events.
 *
 * <p>Connect errors, 429 and 5xx answers are retried up to {@code maxRetries} times with exponential
 * backoff (honouring {@code Retry-After}); other 4xx answers fail at once with the server's message.
 * Thread-safe: requests run concurrently and the server decides how to schedule them.
 */
public final class OpenAiCompatibleEngine implements InferenceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ModelSpec spec;
    private final String baseUrl;
    private final Duration initialBackoff;
    private final HttpClient client;
    private volatile boolean loaded;
    private volatile boolean closed;

    public OpenAiCompatibleEngine(ModelSpec spec) {
        this(spec, Duration.ofMillis(250));
    }

    /** With a chosen first retry delay (doubling on every further retry). */
    public OpenAiCompatibleEngine(ModelSpec spec, Duration initialBackoff) {
        if (spec.engine() != EngineKind.OPENAI) {
            throw new IllegalArgumentException(
                    "model '" + spec.name() + "' uses engine " + spec.engine() + ", not openai");
        }
        this.spec = spec;
        this.baseUrl = normalize(spec.baseUrl());
        this.initialBackoff = initialBackoff;
        Duration connectTimeout =
                spec.requestTimeout().compareTo(MAX_CONNECT_TIMEOUT) < 0 ? spec.requestTimeout() : MAX_CONNECT_TIMEOUT;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** {@code http://host:1234/v1/} and {@code http://host:1234} both mean the server root {@code http://host:1234}. */
    static String normalize(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.endsWith("/v1")) {
            trimmed = trimmed.substring(0, trimmed.length() - 3);
        }
        URI uri = URI.create(trimmed);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("base URL must be http(s)://host[:port], got '" + url + "'");
        }
        return trimmed;
    }

    /** Checks that the server answers ({@code GET /v1/models}); a server without that endpoint is accepted. */
    @Override
    public void load() throws EngineException {
        if (closed) {
            throw new EngineException("model '" + spec.name() + "': engine is closed", false);
        }
        HttpRequest request = requestBuilder("/v1/models").GET().build();
        HttpResponse<InputStream> response = send(request);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new EngineException(failure(status, body), false);
            }
            if (status >= 400 && status != 404 && status != 405) {
                throw new EngineException(failure(status, body), status >= 500);
            }
        } catch (IOException e) {
            throw new EngineException(
                    prefix() + "cannot read the answer from " + baseUrl + ": " + e.getMessage(), true, e);
        }
        loaded = true;
        LOG.info("model {} served by {} as '{}'", spec.name(), baseUrl, spec.remoteModel());
    }

    @Override
    public GenerationResult generate(GenerationRequest request) throws EngineException {
        checkUsable();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = sendWithRetries(request, false);
        JsonNode answer;
        try (InputStream body = response.body()) {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new EngineException(prefix() + "unreadable answer from " + baseUrl + ": " + e.getMessage(), true, e);
        }
        JsonNode choice = answer.path("choices").path(0);
        String text = request.isChat()
                ? choice.path("message").path("content").asText("")
                : choice.path("text").asText("");
        StopStrings stops = new StopStrings(request.parameters().stop(), piece -> {});
        stops.accept(text);
        stops.finish();
        JsonNode usage = answer.path("usage");
        return new GenerationResult(
                stops.text(),
                usage.path("prompt_tokens").asInt(0),
                usage.path("completion_tokens").asInt(0),
                System.nanoTime() - start,
                finishReason(stops, choice.path("finish_reason").asText("stop")));
    }

    @Override
    public GenerationResult stream(GenerationRequest request, Consumer<String> onToken) throws EngineException {
        checkUsable();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = sendWithRetries(request, true);
        StopStrings stops = new StopStrings(request.parameters().stop(), onToken);
        int chunks = 0;
        int promptTokens = 0;
        int completionTokens = -1;
        String serverFinish = "stop";
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // blank separators, comments, event names
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode chunk = JSON.readTree(data);
                if (chunk.has("error")) {
                    throw new EngineException(
                            prefix() + "server " + baseUrl + " failed mid-stream: "
                                    + chunk.path("error")
                                            .path("message")
                                            .asText(chunk.path("error").toString()),
                            true);
                }
                JsonNode usage = chunk.path("usage");
                if (usage.isObject()) {
                    promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                    completionTokens = usage.path("completion_tokens").asInt(completionTokens);
                }
                JsonNode choice = chunk.path("choices").path(0);
                if (choice.isMissingNode()) {
                    continue;
                }
                String piece = request.isChat()
                        ? choice.path("delta").path("content").asText("")
                        : choice.path("text").asText("");
                if (!piece.isEmpty()) {
                    chunks++;
                }
                if (choice.hasNonNull("finish_reason")) {
                    serverFinish = choice.path("finish_reason").asText();
                }
                if (stops.accept(piece)) {
                    break;
                }
            }
        } catch (HttpTimeoutException e) {
            throw new EngineException(
                    prefix() + "no answer from " + baseUrl + " within " + spec.requestTimeout(), true, e);
        } catch (IOException e) {
            throw new EngineException(prefix() + "stream from " + baseUrl + " broke: " + e.getMessage(), true, e);
        }
        stops.finish();
        // Servers that send no usage stream one token per chunk: count the chunks instead.
        int outputTokens = completionTokens >= 0 ? completionTokens : chunks;
        return new GenerationResult(
                stops.text(), promptTokens, outputTokens, System.nanoTime() - start, finishReason(stops, serverFinish));
    }

    @Override
    public EngineDescription describe() {
        return new EngineDescription(EngineKind.OPENAI.configName(), spec.name(), baseUrl, null, spec.contextSize());
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkUsable() throws EngineException {
        if (closed) {
            throw new EngineException(prefix() + "engine is closed", false);
        }
        if (!loaded) {
            throw new EngineException(prefix() + "engine is not loaded", false);
        }
    }

    private static String finishReason(StopStrings stops, String serverReason) {
        return !stops.stopped() && "length".equals(serverReason) ? "length" : "stop";
    }

    private HttpResponse<InputStream> sendWithRetries(GenerationRequest request, boolean stream)
            throws EngineException {
        String path = request.isChat() ? "/v1/chat/completions" : "/v1/completions";
        byte[] body = body(request, stream);
        HttpRequest http = requestBuilder(path)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Duration backoff = initialBackoff;
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt >= spec.maxRetries();
            HttpResponse<InputStream> response;
            try {
                response = send(http);
            } catch (EngineException e) {
                if (last
                        || !(e.getCause() instanceof ConnectException
                                || e.getCause() instanceof HttpConnectTimeoutException)) {
                    throw e;
                }
                LOG.debug(
                        "model {}: {}; retry {} of {} in {} ms",
                        spec.name(),
                        e.getMessage(),
                        attempt + 1,
                        spec.maxRetries(),
                        backoff.toMillis());
                sleep(backoff);
                backoff = longer(backoff);
                continue;
            }
            int status = response.statusCode();
            if (status < 300) {
                return response;
            }
            String failure;
            try (InputStream errorBody = response.body()) {
                failure = failure(status, errorBody);
            } catch (IOException e) {
                failure = prefix() + "server " + baseUrl + " answered " + status;
            }
            boolean retryable = status == 429 || status >= 500;
            if (!retryable || last) {
                throw new EngineException(failure, retryable);
            }
            Duration wait = retryAfter(response).orElse(backoff);
            LOG.debug(
                    "model {}: {}; retry {} of {} in {} ms",
                    spec.name(),
                    failure,
                    attempt + 1,
                    spec.maxRetries(),
                    wait.toMillis());
            sleep(wait);
            backoff = longer(backoff);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws EngineException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new EngineException(prefix() + "cannot connect to " + baseUrl + " (timed out)", true, e);
        } catch (HttpTimeoutException e) {
            throw new EngineException(
                    prefix() + "no answer from " + baseUrl + " within " + spec.requestTimeout(), true, e);
        } catch (ConnectException e) {
            throw new EngineException(
                    prefix() + "cannot connect to " + baseUrl + ": "
                            + (e.getMessage() == null ? "connection refused" : e.getMessage()),
                    true,
                    e);
        } catch (IOException e) {
            throw new EngineException(prefix() + "request to " + baseUrl + " failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(prefix() + "interrupted while waiting for " + baseUrl, true, e);
        }
    }

    private HttpRequest.Builder requestBuilder(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(spec.requestTimeout());
        if (spec.apiKey() != null && !spec.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + spec.apiKey());
        }
        return builder;
    }

    private byte[] body(GenerationRequest request, boolean stream) {
        GenerationParameters parameters = request.parameters();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", spec.remoteModel());
        if (request.isChat()) {
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage message : request.messages()) {
                messages.addObject().put("role", message.role()).put("content", message.content());
            }
        } else {
            body.put("prompt", request.rawPrompt());
        }
        body.put("max_tokens", parameters.maxTokens());
        body.put("temperature", parameters.temperature());
        body.put("top_p", parameters.topP());
        body.put("seed", parameters.seed());
        if (!parameters.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            parameters.stop().forEach(stop::add);
        }
        body.put("stream", stream);
        if (stream) {
            body.putObject("stream_options").put("include_usage", true);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    /** "model 'm': server http://... answered 400 Bad Request: the server's message". */
    private String failure(int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8).strip();
        String message = text;
        try {
            JsonNode json = JSON.readTree(text);
            JsonNode error = json.path("error");
            if (error.isTextual()) {
                message = error.asText();
            } else if (error.path("message").isTextual()) {
                message = error.path("message").asText();
            } else if (json.path("message").isTextual()) {
                message = json.path("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw text
        }
        String hint = status == 401 || status == 403 ? " (check the model's api-key)" : "";
        return prefix() + "server " + baseUrl + " answered " + status + hint
                + (message.isEmpty() ? "" : ": " + message);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(value -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
                    } catch (NumberFormatException notSeconds) {
                        try {
                            ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                            Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                            return Optional.of(until.isNegative() ? Duration.ZERO : until);
                        } catch (RuntimeException unparsable) {
                            return Optional.empty();
                        }
                    }
                })
                .map(d -> d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d);
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void sleep(Duration duration) throws EngineException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(prefix() + "interrupted while waiting to retry", true, e);
        }
    }

    private String prefix() {
        return "model '" + spec.name() + "': ";
    }
}
