package org.slmcluster.evaluators.rag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Strict reading of a judge's JSON output. The whole output must be one JSON object (standard JSON:
 * double quotes, no comments, nothing after it); the only tolerance is a surrounding Markdown code
 * fence (```json ... ```), which chat models add habitually. Field checks are strict too: binary
 * verdicts are 0 / 1 or true / false, never "1" or "yes".
 */
public final class VerdictJson {

    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private VerdictJson() {}

    public static JsonNode parseObject(String output) {
        if (output == null) {
            throw new MalformedVerdictException("the judge returned nothing");
        }
        String text = stripFence(output.strip());
        if (text.isEmpty()) {
            throw new MalformedVerdictException("the judge returned an empty answer");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedVerdictException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedVerdictException("expected a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return node;
    }

    private static String stripFence(String text) {
        if (!text.startsWith("```")) {
            return text;
        }
        int firstLineEnd = text.indexOf('\n');
        if (firstLineEnd < 0 || !text.endsWith("```") || text.length() < firstLineEnd + 4) {
            throw new MalformedVerdictException("unterminated code fence around the JSON");
        }
        String language = text.substring(3, firstLineEnd).strip();
        if (!language.isEmpty() && !language.equalsIgnoreCase("json")) {
            throw new MalformedVerdictException("code fence is " + language + ", not json");
        }
        return text.substring(firstLineEnd + 1, text.length() - 3).strip();
    }

    static JsonNode field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedVerdictException("missing field \"" + name + "\"");
        }
        return value;
    }

    static List<JsonNode> array(JsonNode object, String name) {
        JsonNode value = field(object, name);
        if (!value.isArray()) {
            throw new MalformedVerdictException("\"" + name + "\" must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    static String string(JsonNode object, String name) {
        JsonNode value = field(object, name);
        if (!value.isTextual()) {
            throw new MalformedVerdictException("\"" + name + "\" must be a string");
        }
        return value.asText();
    }

    static List<String> strings(JsonNode object, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(object, name)) {
            if (!item.isTextual()) {
                throw new MalformedVerdictException("\"" + name + "\" must hold strings only");
            }
            out.add(item.asText());
        }
        return out;
    }

    static boolean binary(JsonNode object, String name) {
        JsonNode value = field(object, name);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) {
            return value.asLong() == 1;
        }
        throw new MalformedVerdictException("\"" + name + "\" must be 0 or 1, got " + value);
    }
}
