package org.slmcluster.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slmcluster.runtime.platform.DiskFull;

/** JSON responses and the two error shapes (the platform's and OpenAI's). */
final class Responses {

    /** Which error shape a route answers with. */
    enum Style {
        /** {@code {"error":{"type":..,"message":..}}} */
        PLATFORM,
        /** {@code {"error":{"message":..,"type":..,"param":..,"code":..}}} */
        OPENAI
    }

    private Responses() {}

    static HttpResponse json(int status, JsonNode body) {
        try {
            return HttpResponse.create()
                    .withStatus(StatusCodes.get(status))
                    .withEntity(ContentTypes.APPLICATION_JSON, JsonFields.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    static HttpResponse json(int status, String body) {
        return HttpResponse.create()
                .withStatus(StatusCodes.get(status))
                .withEntity(ContentTypes.APPLICATION_JSON, body);
    }

    static HttpResponse error(Style style, ApiError error) {
        ObjectNode body = JsonFields.JSON.createObjectNode();
        ObjectNode inner = body.putObject("error");
        String message = printable(error.getMessage());
        if (style == Style.OPENAI) {
            inner.put("message", message);
            inner.put("type", error.openAiType());
            inner.put("param", error.param());
            inner.put("code", error.openAiCode());
        } else {
            inner.put("type", error.type());
            inner.put("message", message);
        }
        List<HttpHeader> headers = new ArrayList<>();
        if (error.retryAfterSeconds() != null) {
            headers.add(RawHeader.create("Retry-After", String.valueOf(error.retryAfterSeconds())));
        }
        if (error.status() == 401) {
            headers.add(RawHeader.create("WWW-Authenticate", "Bearer realm=\"slm-cluster\""));
        }
        return json(error.status(), body).withHeaders(headers);
    }

    /**
     * The message on one line: control characters a client put into a name (CR, LF, NUL, ...) are shown as
     * {@code \\uXXXX}, so that an echoed name can neither forge lines in a log nor in a client's display.
     */
    static String printable(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Any failure as an error response: {@link ApiError}s as they are, anything else as a 500. */
    static HttpResponse error(Style style, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError apiError) {
            return error(style, apiError);
        }
        Throwable unexpected = cause;
        return error(
                style,
                DiskFull.reason(unexpected)
                        .map(ApiError::insufficientStorage)
                        .orElseGet(() -> ApiError.internal("internal error: " + unexpected)));
    }
}
