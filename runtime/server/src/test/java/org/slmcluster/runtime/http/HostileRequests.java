package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.slmcluster.runtime.http.HostileRequestsTest.Hostile;

/**
 * The seeded generator of {@link HostileRequestsTest}: every request breaks exactly one rule (a request that
 * is valid apart from the mutation would be answered 200, so each mutation alone must make it a client error).
 */
final class HostileRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = HostileRequestsTest.MODEL;

    /** A route with a body: its path and a valid body (which the generator then breaks). */
    private record BodyRoute(String path, String validBody, Map<String, List<String>> wrongValues) {}

    private static final List<String> TRAVERSAL_NAMES = List.of(
            "../../../../etc/passwd",
            "/etc/passwd",
            "..\\..\\..\\windows\\win.ini",
            MODEL + "/../../../etc/shadow",
            "%2e%2e%2f%2e%2e%2fetc",
            "....//....//etc/passwd",
            "\u0000",
            "name\u0000.gguf",
            "..",
            "x".repeat(5000),
            "file:///etc/passwd",
            "\u202e\u0000evil");

    private static final List<String> BAD_NUMBERS = List.of(
            "-1", "0", "1e12", "\"10\"", "1.5", "true", "2147483648", "-9223372036854775809", "1e999", "[]", "{}");

    private static final List<String> TRAVERSAL_SEGMENTS = List.of(
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "%2e%2e",
            "..%5C..%5Cwindows",
            "%00",
            "%ff%fe",
            "a%2Fb",
            "....%2F%2F....%2F%2Fetc",
            "%252e%252e%252f",
            MODEL + "%00.json",
            "%2F",
            "x".repeat(1500),
            "%0d%0aSet-Cookie:%20x=1");

    private final Random random;
    private final List<BodyRoute> bodyRoutes;

    HostileRequests(Random random) {
        this.random = random;
        String task = "{\"model\":\"" + MODEL + "\",\"input\":\"Once\",\"parameters\":{\"max_tokens\":4}}";
        String chat = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":4}";
        String completion = "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\",\"max_tokens\":4}";
        List<String> names = quoted(TRAVERSAL_NAMES);
        List<String> notText = List.of("1", "[]", "{}", "true", "\"\"", "\"   \"");
        Map<String, List<String>> openAiCommon = Map.of(
                "model", concat(notText, names),
                "max_tokens", BAD_NUMBERS,
                "temperature", List.of("-0.1", "2.5", "\"hot\"", "1e999", "-1e999", "[]"),
                "top_p", List.of("0", "1.5", "-1", "\"x\""),
                "seed", List.of("1.5", "\"x\"", "1e30", "[]"),
                "n", List.of("0", "2", "1000", "-1", "\"1\"", "1.5"),
                "stream", List.of("\"yes\"", "1", "[]"),
                "stream_options", List.of("5", "\"x\"", "[]", "{\"include_usage\":\"yes\"}"),
                "stop", List.of("5", "[1]", "{}", "[[\"x\"]]"),
                "tools", List.of("[]", "[{\"type\":\"function\"}]"));
        this.bodyRoutes = List.of(
                new BodyRoute(
                        "/api/v1/tasks",
                        task,
                        Map.of(
                                "model", concat(notText, names),
                                "input", notText,
                                "task", List.of("5", "\"bogus\"", "\"\"", "[]", "\"../../x\""),
                                "parameters", List.of("\"x\"", "5", "[]", "true"),
                                "parameters.max_tokens", BAD_NUMBERS,
                                "parameters.temperature", List.of("-0.1", "2.5", "\"hot\"", "1e999", "[]"),
                                "parameters.top_p", List.of("0", "1.5", "-1"),
                                "parameters.seed", List.of("1.5", "\"x\"", "1e30"),
                                "async", List.of("\"yes\"", "1", "[]"),
                                "timeout_ms", List.of("-1", "0", "1e12", "\"5\"", "1.5"))),
                new BodyRoute(
                        "/api/v1/jobs",
                        "{\"suite\":\"smoke\",\"models\":[\"" + MODEL + "\"]}",
                        Map.of(
                                "suite",
                                        concat(
                                                notText,
                                                names,
                                                List.of("\"/proc/self\"", "\"/\"", "\"suites/../../..\"")),
                                "models", concat(List.of("1", "[]", "{}", "[1]", "[[]]"), names),
                                "seeds", List.of("\"x\"", "[1.5]", "[\"a\"]", "{}", "[1e30]"))),
                new BodyRoute(
                        "/api/v1/ledgers/" + MODEL + "/baseline",
                        "{\"job\":\"no-such-job\"}",
                        Map.of("job", concat(notText, names))),
                new BodyRoute(
                        "/v1/chat/completions",
                        chat,
                        merge(
                                openAiCommon,
                                Map.of(
                                        "messages",
                                        List.of(
                                                "\"hi\"",
                                                "{}",
                                                "[]",
                                                "[1]",
                                                "[{\"role\":5,\"content\":\"x\"}]",
                                                "[{\"role\":\"user\"}]",
                                                "[{\"role\":\"wizard\",\"content\":\"x\"}]",
                                                "[{\"role\":\"user\",\"content\":5}]",
                                                "[{\"role\":\"user\",\"content\":\"x\",\"evil\":1}]",
                                                "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]",
                                                "[null]")))),
                new BodyRoute(
                        "/v1/completions",
                        completion,
                        merge(
                                openAiCommon,
                                Map.of("prompt", List.of("5", "[]", "[\"a\",\"b\"]", "[1]", "{}", "\"\"")))));
    }

    /** At least {@code count} hostile requests, round-robin over the categories. */
    List<Hostile> generate(int count) {
        List<Supplier<Hostile>> categories = List.of(
                this::badJson,
                this::wrongValue,
                this::wrongValue,
                this::unknownField,
                this::hugeBody,
                this::deepNesting,
                this::invalidUtf8,
                this::traversalInPath,
                this::wrongMethod,
                this::badRequestLine,
                this::hugeHeaders,
                this::nonObjectBody);
        List<Hostile> requests = new ArrayList<>();
        while (requests.size() < count) {
            for (Supplier<Hostile> category : categories) {
                requests.add(category.get());
            }
        }
        // slow bodies take seconds each: a few of them, at the end
        for (int i = 0; i < 6; i++) {
            requests.add(slowBody());
            requests.add(cutOffBody());
        }
        return requests;
    }

    // ---- categories

    private Hostile badJson() {
        BodyRoute route = pick(bodyRoutes);
        String valid = route.validBody();
        String broken = switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + pick(List.of("}", "]", "xyz", "{}", ",", "\"")); // trailing tokens
            case 2 ->
                valid.replace("\"model\"", "model")
                        .replace("\"suite\"", "suite")
                        .replace("\"job\"", "job");
            case 3 ->
                valid.replaceFirst(":", ":" + pick(List.of("NaN", "undefined", "'x'", "0x10", "+1", "01")) + ",\"z\":");
            default -> "{\"" + route.validBody().substring(2, 6) + "\":1," + valid.substring(1) + "}{";
        };
        return post("bad JSON", route.path(), broken.getBytes(StandardCharsets.UTF_8), broken);
    }

    private Hostile wrongValue() {
        BodyRoute route = pick(bodyRoutes);
        String field =
                pick(List.copyOf(route.wrongValues().keySet().stream().sorted().toList()));
        String value = pick(route.wrongValues().get(field));
        ObjectNode body = parse(route.validBody());
        String[] path = field.split("\\.");
        ObjectNode target = body;
        for (int i = 0; i < path.length - 1; i++) {
            target = (ObjectNode) target.get(path[i]);
        }
        target.set(path[path.length - 1], parseValue(value));
        return post("wrong type or value", route.path(), bytes(body), field + "=" + abbreviate(value));
    }

    private Hostile unknownField() {
        BodyRoute route = pick(bodyRoutes);
        ObjectNode body = parse(route.validBody());
        String name = pick(
                List.of("__proto__", "constructor", "max_token", "evil" + random.nextInt(1000), "", " ", "$where"));
        body.set(name, parseValue(pick(List.of("{}", "1", "\"x\"", "[]", "null", "{\"admin\":true}"))));
        if (body.get(name).isNull()) {
            body.put(name, "not null");
        }
        return post("unknown field", route.path(), bytes(body), "'" + name + "'");
    }

    private Hostile hugeBody() {
        BodyRoute route = pick(bodyRoutes);
        int size = (int) HostileRequestsTest.MAX_BODY + 1 + random.nextInt(3 * (int) HostileRequestsTest.MAX_BODY);
        String filler = "{\"model\":\"" + MODEL + "\",\"input\":\"" + "a".repeat(size) + "\"}";
        byte[] body = filler.getBytes(StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            return post("huge body", route.path(), body, size + " bytes");
        }
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 16384) {
            int n = Math.min(16384, body.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return Hostile.of(
                "huge body",
                size + " bytes, chunked, " + route.path(),
                request(
                        "POST",
                        route.path(),
                        "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n",
                        chunked.toByteArray()));
    }

    private Hostile deepNesting() {
        BodyRoute route = pick(bodyRoutes);
        int depth = pick(List.of(1_001, 5_000, 20_000));
        String nested = random.nextBoolean()
                ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String body = random.nextBoolean()
                ? nested
                : route.validBody().substring(0, route.validBody().length() - 1) + ",\"deep\":" + nested + "}";
        return post("deeply nested", route.path(), body.getBytes(StandardCharsets.UTF_8), "depth " + depth);
    }

    private Hostile invalidUtf8() {
        BodyRoute route = pick(bodyRoutes);
        byte[] bad = pick(List.of(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80}));
        String valid = route.validBody();
        // in the first field's name (an unknown field) or in the model / suite / job name (an unknown one)
        int at = random.nextBoolean() ? 3 : valid.indexOf("\":\"") + 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(valid.substring(0, at).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bad);
        body.writeBytes(valid.substring(at).getBytes(StandardCharsets.UTF_8));
        return post("invalid UTF-8", route.path(), body.toByteArray(), "at " + at);
    }

    private Hostile traversalInPath() {
        String segment = pick(TRAVERSAL_SEGMENTS);
        String[] shape = pick(List.of(
                new String[] {"GET", "/api/v1/ledgers/%s"},
                new String[] {"GET", "/api/v1/ledgers/%s/history"},
                new String[] {"POST", "/api/v1/ledgers/%s/baseline"},
                new String[] {"GET", "/api/v1/jobs/%s"},
                new String[] {"DELETE", "/api/v1/jobs/%s"},
                new String[] {"GET", "/api/v1/tasks/%s"},
                new String[] {"GET", "/api/v1/%s"},
                new String[] {"GET", "/v1/%s"},
                new String[] {"GET", "/api/v1/ledgers/../../../etc/%s"}));
        String path = String.format(shape[1], segment);
        byte[] body = shape[0].equals("POST") ? "{\"job\":\"x\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        return Hostile.of("path traversal", shape[0] + " " + abbreviate(path), request(shape[0], path, "", body));
    }

    private Hostile wrongMethod() {
        String[] route = pick(List.of(
                new String[] {"/api/v1/nodes", "POST"},
                new String[] {"/api/v1/topology", "PUT"},
                new String[] {"/api/v1/models", "DELETE"},
                new String[] {"/api/v1/tasks", "GET"},
                new String[] {"/api/v1/tasks/abc", "POST"},
                new String[] {"/api/v1/prometheus/targets", "PATCH"},
                new String[] {"/api/v1/jobs", "PUT"},
                new String[] {"/api/v1/jobs/abc", "POST"},
                new String[] {"/api/v1/ledgers", "DELETE"},
                new String[] {"/api/v1/ledgers/" + MODEL, "PUT"},
                new String[] {"/api/v1/ledgers/" + MODEL + "/history", "POST"},
                new String[] {"/api/v1/ledgers/" + MODEL + "/baseline", "GET"},
                new String[] {"/api/v1/alerts", "POST"},
                new String[] {"/v1/models", "POST"},
                new String[] {"/v1/chat/completions", "GET"},
                new String[] {"/v1/completions", "PUT"},
                new String[] {"/metrics", "DELETE"},
                new String[] {"/api/v1/nodes", "TRACE"},
                new String[] {"/v1/chat/completions", "OPTIONS"},
                new String[] {"/api/v1/nodes", "BREW"},
                new String[] {"/api/v1/nodes", "CONNECT"}));
        return Hostile.of(
                "wrong method",
                route[1] + " " + route[0],
                request(route[1], route[0], "", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private Hostile badRequestLine() {
        String raw = pick(List.of(
                "GET /api/v1/nodes HTTP/2.5\r\nHost: x\r\n\r\n",
                "GET /api/v1/nodes HTTP/1.1\r\n\r\n",
                "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/nodes HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc",
                "POST /api/v1/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{}",
                "GET /api/v1/nodes\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET http://evil.invalid:99999/api/v1/nodes HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /v1/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                "GET /api/v1/nodes HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"));
        return Hostile.of(
                "bad request line or framing",
                abbreviate(raw.split("\r\n")[0]),
                raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Hostile hugeHeaders() {
        String path = pick(List.of("/api/v1/nodes", "/v1/models", "/api/v1/jobs", "/metrics"));
        return switch (random.nextInt(3)) {
            case 0 -> {
                int size = 9_000 + random.nextInt(100_000);
                yield Hostile.of(
                        "huge headers",
                        "one header of " + size,
                        request("GET", path, "X-Big: " + "b".repeat(size) + "\r\n", new byte[0]));
            }
            case 1 -> {
                StringBuilder many = new StringBuilder();
                int count = 100 + random.nextInt(400);
                for (int i = 0; i < count; i++) {
                    many.append("X-H").append(i).append(": v\r\n");
                }
                yield Hostile.of(
                        "huge headers", count + " headers", request("GET", path, many.toString(), new byte[0]));
            }
            default -> {
                int size = 3_000 + random.nextInt(60_000);
                yield Hostile.of(
                        "huge headers",
                        "URL of " + size,
                        request("GET", path + "?q=" + "u".repeat(size), "", new byte[0]));
            }
        };
    }

    private Hostile nonObjectBody() {
        BodyRoute route = pick(bodyRoutes);
        String body = pick(List.of("", "[]", "\"str\"", "5", "null", "true", "[{}]", " ", "\r\n"));
        return post("not a JSON object", route.path(), body.getBytes(StandardCharsets.UTF_8), "'" + body.strip() + "'");
    }

    private Hostile slowBody() {
        BodyRoute route = pick(bodyRoutes);
        byte[] body =
                route.validBody().substring(0, route.validBody().length() - 3).getBytes(StandardCharsets.UTF_8);
        byte[] head = head("POST", route.path(), "Content-Type: application/json\r\n", body.length);
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(head);
        int step = Math.max(1, body.length / 4);
        for (int at = 0; at < body.length; at += step) {
            pieces.add(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + step)));
        }
        return new Hostile(
                "slow body", route.path() + " in " + (pieces.size() - 1) + " pieces", pieces, Duration.ofMillis(400));
    }

    private Hostile cutOffBody() {
        BodyRoute route = pick(bodyRoutes);
        byte[] body = route.validBody().getBytes(StandardCharsets.UTF_8);
        byte[] head = head("POST", route.path(), "Content-Type: application/json\r\n", body.length + 100);
        return new Hostile(
                "cut-off body", route.path() + ": 100 bytes never sent", List.of(head, body), Duration.ofMillis(200));
    }

    // ---- building blocks

    private Hostile post(String category, String path, byte[] body, String description) {
        return Hostile.of(
                category,
                path + ": " + abbreviate(description),
                request("POST", path, "Content-Type: application/json\r\n", body));
    }

    private static byte[] request(String method, String path, String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean chunked = headers.contains("Transfer-Encoding");
        out.writeBytes(
                chunked
                        ? (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                                        + "\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1)
                        : head(method, path, headers, body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] head(String method, String path, String headers, int contentLength) {
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                        + (contentLength > 0 || method.equals("POST")
                                ? "Content-Length: " + contentLength + "\r\n"
                                : "")
                        + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parseValue(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static List<String> quoted(List<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add(new String(bytes(JSON.getNodeFactory().textNode(name)), StandardCharsets.UTF_8));
        }
        return quoted;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
