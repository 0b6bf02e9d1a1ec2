package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.testing.IntegrationTest;

/**
 * A seeded fuzz of the API over real HTTP (raw sockets, so that malformed requests reach the server as
 * written) against a running 3-member cluster with stories260K: at least 600 malformed or hostile requests
 * over every route - bad JSON, wrong types, out-of-range numbers, unknown fields, huge and deeply nested
 * bodies, invalid UTF-8, path traversal in model, ledger, job and collection names, huge headers and URLs,
 * bad request lines, slow and cut-off bodies. Each must be answered with a 4xx in the error shape
 * ({@code {"error":{"type":..,"message":..}}}), no 5xx, no stack trace, and the server must keep serving.
 */
@IntegrationTest
class HostileRequestsTest {

    static final String MODEL = "stories260k";
    static final long MAX_BODY = 64 * 1024;
    static final long SEED = 17;
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedCluster cluster;
    static Coordinator services;
    static ApiServer api;
    static Path dataDir;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("slm-fuzz-test-");
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of(MODEL)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings("pekko.cluster.seed-node-timeout = 3s\n"
                                + "pekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                + "slm.data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"\n"));
        try {
            cluster.awaitUp(Duration.ofSeconds(60));
            services = Coordinator.open(cluster.coordinator(), dataDir, EvaluationOptions.skippingEncoderMetrics());
            api = services.serveApi(ApiSettings.defaults().withPort(0).withMaxBodyBytes(MAX_BODY));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        if (cluster != null) {
            cluster.stop();
        }
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }

    /** One hostile request: what it tries, and its bytes (sent at once, or in slow pieces). */
    record Hostile(String category, String description, List<byte[]> pieces, Duration pause) {
        static Hostile of(String category, String description, byte[] request) {
            return new Hostile(category, description, List.of(request), Duration.ZERO);
        }
    }

    /** A raw answer: status line, headers, body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    @Test
    void everyHostileRequestGetsA4xxInTheErrorShapeAndTheServerKeepsServing() throws Exception {
        List<Hostile> requests = new HostileRequests(new Random(SEED)).generate(600);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(600);
        Map<String, Integer> perCategory = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Hostile request : requests) {
            Answer answer;
            try {
                answer = send(request);
            } catch (IOException e) {
                problems.add(request.category() + " / " + request.description() + ": no HTTP answer (" + e + ")");
                continue;
            }
            sent++;
            perCategory.merge(request.category(), 1, Integer::sum);
            perStatus.merge(answer.status(), 1, Integer::sum);
            String problem = problemWith(answer);
            if (problem != null) {
                problems.add(request.category() + " / " + request.description() + ": " + problem);
            }
            if (sent % 100 == 0) {
                assertThat(healthy())
                        .as("the server still serves after " + sent + " hostile requests")
                        .isTrue();
            }
        }
        System.out.println("hostile requests per category: " + perCategory);
        System.out.println("answers per status: " + perStatus);
        assertThat(problems)
                .as("requests not answered with a 4xx in the error shape")
                .isEmpty();
        assertThat(sent).isGreaterThanOrEqualTo(600);
        assertThat(healthy()).as("the server serves normally after the fuzz").isTrue();
    }

    /** Null when the answer is a 4xx in the one error shape without a stack trace; else what is wrong. */
    static String problemWith(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status() + ": " + abbreviate(answer.body());
        }
        String body = answer.body();
        if (body.contains("\tat ") || body.contains("Exception") || body.contains(".java:")) {
            return "stack trace or exception name leaked: " + abbreviate(body);
        }
        String contentType = answer.headers().getOrDefault("content-type", "");
        if (!contentType.startsWith("application/json")) {
            return "content type '" + contentType + "': " + abbreviate(body);
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (!error.path("type").isTextual() || !error.path("message").isTextual()) {
                return "not the error shape: " + abbreviate(body);
            }
            if (error.path("message").asText().contains("\n")) {
                return "a message of several lines: " + abbreviate(body);
            }
        } catch (IOException e) {
            return "body is not JSON: " + abbreviate(body);
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static boolean healthy() throws IOException {
        Answer models = send(Hostile.of(
                "check",
                "GET /v1/models",
                ("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        return models.status() == 200 && models.body().contains(MODEL);
    }

    /** Sends the request over a fresh connection and reads the answer until the server closes it. */
    static Answer send(Hostile request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.address().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            for (byte[] piece : request.pieces()) {
                try {
                    out.write(piece);
                    out.flush();
                } catch (IOException e) {
                    // the server may answer (413, 431) and close before the whole request is written
                    break;
                }
                if (!request.pause().isZero()) {
                    try {
                        Thread.sleep(request.pause().toMillis()); // the slowness is the point of the request
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            }
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                // already closed by the server: read what it answered
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer arrived (the server closed with unread request bytes): keep what came
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: " + abbreviate(text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
