package org.slmcluster.runtime.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** JSON over HTTP/1.1 with an optional bearer token; every failure becomes a {@link ClientException}. */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    JsonHttp(URI base, String token, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token == null || token.isBlank() ? null : token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode put(String path, String form) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(form)));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                throw unreachable(e);
            }
            throw new ClientException(
                    ClientException.Kind.FAILED, 0, null, request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.Kind.FAILED, 0, null, "interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw new ClientException(
                        ClientException.Kind.FAILED,
                        status,
                        null,
                        request.uri() + " answered " + status + " without JSON: " + abbreviate(response.body()),
                        null);
            }
            return body;
        }
        JsonNode error = body == null ? null : body.path("error");
        String type =
                error != null && error.hasNonNull("type") ? error.get("type").asText() : null;
        String message = error != null && error.hasNonNull("message")
                ? error.get("message").asText()
                : body != null && body.hasNonNull("error") && body.get("error").isTextual()
                        ? body.get("error").asText()
                        : abbreviate(response.body());
        ClientException.Kind kind = status >= 500 || status == 429 || status < 400
                ? ClientException.Kind.FAILED
                : ClientException.Kind.REJECTED;
        throw new ClientException(
                kind, status, type, "HTTP " + status + (type == null ? "" : " " + type) + ": " + message, null);
    }

    private ClientException unreachable(Exception e) {
        return new ClientException(ClientException.Kind.UNREACHABLE, 0, null, "cannot connect to " + base, e);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
