package org.slmcluster.benchmarks.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server on 127.0.0.1 (free port) whose every completion takes a known time and
 * costs no CPU: it sleeps, then answers a fixed text. Stands in for a model server that is busy
 * generating, so that dispatch scaling shows independently of this machine's cores. Counts requests and
 * the most it ever served at once.
 */
public final class SleepingOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final long sleepMillis;
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public SleepingOpenAiServer(long sleepMillis) throws IOException {
        // Without TCP_NODELAY the answer's headers and body meet the client's delayed ACK: ~40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.sleepMillis = sleepMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext(
                "/v1/models",
                exchange -> answer(
                        exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"sleepy\",\"object\":\"model\"}]}"));
        server.createContext("/v1/completions", exchange -> complete(exchange, false));
        server.createContext("/v1/chat/completions", exchange -> complete(exchange, true));
        server.setExecutor(threads);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long sleepMillis() {
        return sleepMillis;
    }

    public int completions() {
        return completions.get();
    }

    /** The most completions that were being served at the same moment since the last reset. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void resetCounters() {
        completions.set(0);
        maxInFlight.set(0);
    }

    private void complete(HttpExchange exchange, boolean chat) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (InputStream body = exchange.getRequestBody()) {
            JsonNode request = JSON.readTree(body);
            Thread.sleep(sleepMillis);
            String text = "The little dog ran to the park and played all day.";
            String choice = chat
                    ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(text)
                            + "},\"finish_reason\":\"stop\"}"
                    : "{\"index\":0,\"text\":" + JSON.writeValueAsString(text) + ",\"finish_reason\":\"stop\"}";
            completions.incrementAndGet();
            answer(
                    exchange,
                    200,
                    "{\"id\":\"cmpl-1\",\"object\":\"" + (chat ? "chat.completion" : "text_completion")
                            + "\",\"model\":"
                            + JSON.writeValueAsString(request.path("model").asText("sleepy"))
                            + ",\"choices\":[" + choice + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":12,"
                            + "\"total_tokens\":24}}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, 503, "{\"error\":{\"message\":\"server stopping\"}}");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
