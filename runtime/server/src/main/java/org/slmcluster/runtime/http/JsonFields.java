package org.slmcluster.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads request bodies: a JSON object whose fields are checked one by one, each failure a 400 naming the field. */
final class JsonFields {

    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Request bodies: one JSON value and nothing after it, each key once (a second {@code "model"} that one
     * parser takes and another ignores is how requests get smuggled past checks).
     */
    private static final ObjectReader REQUESTS = JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode body;
    private final String prefix;

    private JsonFields(ObjectNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    static JsonFields parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiError.badRequest("the request needs a JSON object body");
        }
        JsonNode node;
        try {
            node = REQUESTS.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return new JsonFields((ObjectNode) node, "");
    }

    /**
     * Refuses a field not in {@code known} with a 400 naming it: a misspelt option ({@code max_token}) must not
     * be ignored silently, and OpenAI's own API refuses unrecognized arguments the same way.
     */
    JsonFields allowOnly(java.util.Set<String> known) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiError.badField(
                        path(name),
                        "is not a recognized field (known: "
                                + known.stream().sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
        return this;
    }

    /** The nested object {@code name}, or an empty one when absent. */
    JsonFields object(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return new JsonFields(JSON.createObjectNode(), path(name) + ".");
        }
        if (!value.isObject()) {
            throw ApiError.badField(path(name), "must be an object");
        }
        return new JsonFields((ObjectNode) value, path(name) + ".");
    }

    boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    JsonNode raw(String name) {
        return body.get(name);
    }

    String path(String name) {
        return prefix + name;
    }

    String requiredText(String name) {
        if (!has(name)) {
            throw ApiError.badField(path(name), "is required");
        }
        JsonNode value = body.get(name);
        if (!value.isTextual()) {
            throw ApiError.badField(path(name), "must be a string");
        }
        if (value.asText().isBlank()) {
            throw ApiError.badField(path(name), "must not be empty");
        }
        return value.asText();
    }

    String optionalText(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = body.get(name);
        if (!value.isTextual()) {
            throw ApiError.badField(path(name), "must be a string");
        }
        return value.asText();
    }

    boolean optionalBoolean(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = body.get(name);
        if (!value.isBoolean()) {
            throw ApiError.badField(path(name), "must be true or false");
        }
        return value.asBoolean();
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    int optionalInt(String name, int fallback, int min, int max) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = body.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw ApiError.badField(path(name), "must be an integer from " + min + " to " + max);
        }
        return value.asInt();
    }

    long optionalLong(String name, long fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = body.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiError.badField(path(name), "must be an integer");
        }
        return value.asLong();
    }

    /** A number in [min, max] (max inclusive unless {@code minExclusive} says the lower bound is excluded). */
    double optionalNumber(String name, double fallback, double min, boolean minExclusive, double max) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = body.get(name);
        double number = value.asDouble();
        if (!value.isNumber() || (minExclusive ? number <= min : number < min) || number > max) {
            throw ApiError.badField(
                    path(name),
                    "must be a number " + (minExclusive ? "above " : "from ") + min
                            + (minExclusive ? " and at most " : " to ") + max);
        }
        return number;
    }

    /** A string or an array of strings (OpenAI's {@code stop}); empty when absent. */
    List<String> stringOrStrings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = body.get(name);
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw ApiError.badField(path(name), "must be a string or an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw ApiError.badField(path(name) + "[" + i + "]", "must be a string");
            }
            result.add(value.get(i).asText());
        }
        return result;
    }

    /** Elements of the array {@code name} as field readers (each must be an object). */
    List<JsonFields> objects(String name, boolean required) {
        if (!has(name)) {
            if (required) {
                throw ApiError.badField(path(name), "is required");
            }
            return List.of();
        }
        JsonNode value = body.get(name);
        if (!value.isArray()) {
            throw ApiError.badField(path(name), "must be an array");
        }
        List<JsonFields> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String at = path(name) + "[" + i + "]";
            if (!element.isObject()) {
                throw ApiError.badField(at, "must be an object");
            }
            result.add(new JsonFields((ObjectNode) element, at + "."));
        }
        return result;
    }
}
