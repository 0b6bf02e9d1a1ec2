package org.slmcluster.evaluators.ner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the entities out of a model's free-form answer to an NER prompt.
 *
 * <p>Accepted forms, tried in this order:
 * <ol>
 *   <li>JSON (the whole answer, the inside of a code fence, or the first bracketed JSON value found in
 *   the text): a list of objects {@code [{"text": .., "type": ..}]} (also keys entity/name/span/value and
 *   label/category/entity_type), a list of {@code [text, type]} pairs, a list of strings in the line forms
 *   below, {@code {"entities": [...]}}, or a map from type to names {@code {"PERSON": ["..", ".."]}};</li>
 *   <li>lines, each optionally a bullet ({@code - * + •}) or numbered ({@code 1.} {@code 1)} {@code (1)}):
 *   {@code Entity (TYPE)}, {@code TYPE: entity} or {@code TYPE: a, b; c}, and {@code Entity - TYPE} /
 *   {@code Entity: TYPE} when TYPE is one of the requested types (with none given: an upper-case label).
 *   JSON is read leniently (single quotes, trailing commas, bare keys), as small models write it.</li>
 * </ol>
 * Anything else in the answer (prose lines, a heading such as "Entities:", text around the JSON, code
 * fences, markdown bold) marks it as having extra content. "None", "No entities" and empty JSON are
 * valid empty answers. An answer from which no entity list can be read at all is a parse failure with a
 * reason, never a silent empty list.
 */
public final class EntityAnswerParser {

    // small models often answer with Python reprs: single quotes, trailing commas, bare keys
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();
    private static final Pattern UPPER_TYPE = Pattern.compile("^[A-Z][A-Z_]{1,29}$");
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*\\s*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•·]|\\d{1,3}[.)]|\\(\\d{1,3}\\))\\s+");
    private static final Pattern PAREN_FORM =
            Pattern.compile("^(.+?)\\s*[(\\[]\\s*([^()\\[\\]]+?)\\s*[)\\]]\\s*[.,;]?$");
    private static final Pattern COLON_FORM = Pattern.compile("^([^:]{1,60}?)\\s*:\\s*(.*)$");
    private static final Pattern DASH_FORM = Pattern.compile("^(.+?)\\s+[-–—]\\s+(.+)$");
    private static final Pattern TYPE_LIKE = Pattern.compile("^[A-Za-z][A-Za-z_ -]{0,29}$");
    private static final Pattern EMPTY_ANSWER = Pattern.compile(
            "^(?:none|n/?a|no entities(?: found)?|no named entities(?: found)?|nothing|\\[\\s*]|\\{\\s*})\\.?$",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> TEXT_KEYS = Set.of("text", "entity", "name", "span", "value", "mention", "word");
    private static final Set<String> TYPE_KEYS =
            Set.of("type", "label", "category", "entity_type", "entity_group", "tag", "class");

    private final Set<String> requestedTypes;

    /** @param requestedTypes the entity types the prompt asked for (upper-cased for matching); may be empty */
    public EntityAnswerParser(Set<String> requestedTypes) {
        Set<String> upper = new java.util.HashSet<>();
        for (String t : requestedTypes) {
            upper.add(t.trim().toUpperCase(Locale.ROOT));
        }
        this.requestedTypes = Set.copyOf(upper);
    }

    public ParsedAnswer parse(String answer) {
        String text = answer == null ? "" : answer.strip();
        if (text.isEmpty()) {
            return new ParsedAnswer(List.of(), false, null);
        }
        boolean extra = false;
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            extra = true;
            text = fence.group(1).strip();
            if (text.isEmpty()) {
                return ParsedAnswer.failure("empty code block", true);
            }
        }
        if (EMPTY_ANSWER.matcher(text).matches()) {
            return new ParsedAnswer(List.of(), extra, null);
        }
        JsonAttempt whole = tryJson(text);
        if (whole.entities != null) {
            return new ParsedAnswer(whole.entities, extra, null);
        }
        if (whole.isJson) {
            return ParsedAnswer.failure("JSON of an unrecognised shape: " + whole.problem, extra);
        }
        JsonAttempt embedded = findEmbeddedJson(text);
        if (embedded != null && embedded.entities != null) {
            return new ParsedAnswer(embedded.entities, true, null);
        }
        return parseLines(text, extra);
    }

    private record JsonAttempt(boolean isJson, List<NamedEntity> entities, String problem) {}

    private JsonAttempt tryJson(String text) {
        char first = text.charAt(0);
        if (first != '[' && first != '{') {
            return new JsonAttempt(false, null, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new JsonAttempt(false, null, null);
        }
        if (node == null) {
            return new JsonAttempt(false, null, null);
        }
        List<NamedEntity> entities = new ArrayList<>();
        String problem = readEntities(node, entities);
        return problem == null ? new JsonAttempt(true, entities, null) : new JsonAttempt(true, null, problem);
    }

    private JsonAttempt findEmbeddedJson(String text) {
        for (char open : new char[] {'[', '{'}) {
            char close = open == '[' ? ']' : '}';
            int start = text.indexOf(open);
            int end = text.lastIndexOf(close);
            while (start >= 0 && end > start) {
                JsonAttempt attempt = tryJson(text.substring(start, end + 1));
                if (attempt.entities != null) {
                    return attempt;
                }
                start = text.indexOf(open, start + 1);
            }
        }
        return null;
    }

    /** Fills {@code out} from a JSON value; returns a problem description when the shape is not known. */
    private String readEntities(JsonNode node, List<NamedEntity> out) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                String problem = readItem(item, null, out);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (node.isObject()) {
            JsonNode list = fieldIgnoringCase(node, Set.of("entities", "named_entities", "ner", "results"));
            if (list != null) {
                return readEntities(list, out);
            }
            if (textOf(node) != null && typeOf(node) != null) {
                out.add(new NamedEntity(textOf(node), typeOf(node)));
                return null;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isArray()) {
                    for (JsonNode item : value) {
                        String problem = readItem(item, field.getKey(), out);
                        if (problem != null) {
                            return problem;
                        }
                    }
                } else if (value.isTextual()) {
                    if (!value.asText().isBlank()) {
                        out.add(new NamedEntity(
                                value.asText().strip(), field.getKey().strip()));
                    }
                } else if (!value.isNull()) {
                    return "value of \"" + field.getKey() + "\" is neither a list nor a string";
                }
            }
            return null;
        }
        return "a JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT) + " is not an entity list";
    }

    private String readItem(JsonNode item, String typeFromKey, List<NamedEntity> out) {
        if (item.isTextual()) {
            String s = item.asText().strip();
            if (typeFromKey != null) {
                if (!s.isEmpty()) {
                    out.add(new NamedEntity(s, typeFromKey.strip()));
                }
                return null;
            }
            NamedEntity e = parseEntityLine(s);
            if (e == null) {
                return "list item \"" + s + "\" has no type";
            }
            out.add(e);
            return null;
        }
        if (item.isArray()
                && item.size() == 2
                && item.get(0).isTextual()
                && item.get(1).isTextual()) {
            out.add(new NamedEntity(
                    item.get(0).asText().strip(), item.get(1).asText().strip()));
            return null;
        }
        if (item.isObject()) {
            String text = textOf(item);
            String type = typeOf(item);
            if (type == null) {
                type = typeFromKey;
            }
            if (text != null && type != null) {
                out.add(new NamedEntity(text, type));
                return null;
            }
            return "object " + item + " lacks a text or a type";
        }
        return "list item " + item + " is not an entity";
    }

    private static JsonNode fieldIgnoringCase(JsonNode node, Set<String> names) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (names.contains(f.getKey().toLowerCase(Locale.ROOT))
                    && (f.getValue().isArray() || f.getValue().isObject())) {
                return f.getValue();
            }
        }
        return null;
    }

    private static String textOf(JsonNode node) {
        JsonNode v = firstTextual(node, TEXT_KEYS);
        return v == null ? null : v.asText().strip();
    }

    private static String typeOf(JsonNode node) {
        JsonNode v = firstTextual(node, TYPE_KEYS);
        return v == null ? null : v.asText().strip();
    }

    private static JsonNode firstTextual(JsonNode node, Set<String> keys) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (keys.contains(f.getKey().toLowerCase(Locale.ROOT))
                    && f.getValue().isTextual()) {
                return f.getValue();
            }
        }
        return null;
    }

    private ParsedAnswer parseLines(String text, boolean extraSoFar) {
        boolean extra = extraSoFar;
        List<NamedEntity> entities = new ArrayList<>();
        boolean sawEntityLine = false;
        for (String rawLine : text.split("\\R")) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.contains("**") || line.startsWith("#")) {
                extra = true;
                line = line.replace("**", "").replaceFirst("^#+\\s*", "").strip();
            }
            line = BULLET.matcher(line).replaceFirst("").strip();
            if (line.isEmpty()) {
                continue;
            }
            List<NamedEntity> fromLine = parseLine(line);
            if (fromLine == null) {
                extra = true;
            } else {
                sawEntityLine = true;
                entities.addAll(fromLine);
            }
        }
        if (!sawEntityLine) {
            return ParsedAnswer.failure("no entity list found in the answer", extra);
        }
        return new ParsedAnswer(entities, extra, null);
    }

    /** Entities of one line; an empty list for "TYPE: none"; null when the line is not an entity line. */
    private List<NamedEntity> parseLine(String line) {
        NamedEntity single = parseEntityLine(line);
        if (single != null) {
            return List.of(single);
        }
        Matcher colon = COLON_FORM.matcher(line);
        if (colon.matches()) {
            String left = clean(colon.group(1));
            String right = colon.group(2).strip();
            // "PERSON: NASA" stays TYPE: entity when both sides look like labels and no types were given
            boolean leftIsLabel =
                    requestedTypes.isEmpty() ? UPPER_TYPE.matcher(left).matches() : isRequestedType(left);
            if (namesTypeAfterEntity(right) && !leftIsLabel) {
                return List.of(new NamedEntity(left, clean(right)));
            }
            if (right.isEmpty()) {
                return null; // a heading such as "Entities:" or "PERSON:" is extra text, not an entity
            }
            if (looksLikeType(left)) {
                if (EMPTY_ANSWER.matcher(right).matches()) {
                    return List.of();
                }
                List<NamedEntity> out = new ArrayList<>();
                for (String part : right.split("[,;]")) {
                    String name = clean(part);
                    if (!name.isEmpty()) {
                        out.add(new NamedEntity(name, left));
                    }
                }
                return out;
            }
        }
        Matcher dash = DASH_FORM.matcher(line);
        if (dash.matches() && namesTypeAfterEntity(dash.group(2))) {
            return List.of(new NamedEntity(clean(dash.group(1)), clean(dash.group(2))));
        }
        return null;
    }

    /** {@code Entity (TYPE)} or {@code Entity [TYPE]}, the type looking like a label. */
    private NamedEntity parseEntityLine(String line) {
        Matcher m = PAREN_FORM.matcher(line);
        if (m.matches()) {
            String type = clean(m.group(2));
            if (looksLikeType(type)) {
                return new NamedEntity(clean(m.group(1)), type);
            }
        }
        return null;
    }

    private boolean looksLikeType(String candidate) {
        String c = clean(candidate);
        if (!requestedTypes.isEmpty()) {
            return isRequestedType(c);
        }
        return TYPE_LIKE.matcher(c).matches() && c.split("\\s+").length <= 3;
    }

    /** In "Entity: TYPE" / "Entity - TYPE": a requested type, or with none given an upper-case label. */
    private boolean namesTypeAfterEntity(String candidate) {
        return requestedTypes.isEmpty() ? UPPER_TYPE.matcher(clean(candidate)).matches() : isRequestedType(candidate);
    }

    private boolean isRequestedType(String candidate) {
        return requestedTypes.contains(clean(candidate).toUpperCase(Locale.ROOT));
    }

    /** Strips surrounding whitespace, quotes, backticks and a trailing comma or semicolon; collapses spaces. */
    static String clean(String s) {
        String t = s.strip();
        boolean changed = true;
        while (changed && !t.isEmpty()) {
            changed = false;
            char first = t.charAt(0);
            char last = t.charAt(t.length() - 1);
            if (t.length() >= 2 && isQuote(first) && isQuote(last)) {
                t = t.substring(1, t.length() - 1).strip();
                changed = true;
            } else if (last == ',' || last == ';') {
                t = t.substring(0, t.length() - 1).strip();
                changed = true;
            } else if (isQuote(first) && t.indexOf(first, 1) < 0) {
                t = t.substring(1).strip();
                changed = true;
            }
        }
        return t.replaceAll("\\s+", " ");
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`' || c == '“' || c == '”' || c == '‘' || c == '’';
    }
}
