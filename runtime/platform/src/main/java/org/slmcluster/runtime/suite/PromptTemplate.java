package org.slmcluster.runtime.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with {@code {{placeholder}}} slots (lower-case letters, digits, underscores). Rendering is one
 * pass over the parsed template: values are inserted verbatim and never expanded again, so an item whose
 * text contains {@code {{...}}} renders as written.
 */
public final class PromptTemplate {

    /** A template problem at a 1-based line of the template text. */
    record Problem(int line, String reason) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-z0-9_]*)}}");

    private final String text;
    /** Literal text and placeholder names alternate: even indices are literals, odd ones names. */
    private final List<String> parts;

    private final Map<String, Integer> placeholderLines;

    private PromptTemplate(String text, List<String> parts, Map<String, Integer> placeholderLines) {
        this.text = text;
        this.parts = List.copyOf(parts);
        // Insertion order (first appearance) keeps placeholders() and the problems built from it deterministic.
        this.placeholderLines = Collections.unmodifiableMap(new LinkedHashMap<>(placeholderLines));
    }

    /** Parses {@code text}; malformed {@code {{...}}} is added to {@code problems}. */
    static PromptTemplate parse(String text, List<Problem> problems) {
        List<String> parts = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int literalStart = 0;
        int searchFrom = 0;
        while (true) {
            int open = text.indexOf("{{", searchFrom);
            if (open < 0) {
                break;
            }
            if (matcher.find(open) && matcher.start() == open) {
                parts.add(text.substring(literalStart, open));
                parts.add(matcher.group(1));
                lines.putIfAbsent(matcher.group(1), lineOf(text, open));
                literalStart = matcher.end();
                searchFrom = matcher.end();
            } else {
                int close = text.indexOf("}}", open);
                String shown = close < 0
                        ? text.substring(open, Math.min(text.length(), open + 20))
                        : text.substring(open, close + 2);
                problems.add(new Problem(
                        lineOf(text, open),
                        "malformed placeholder " + shown
                                + " (write {{name}} with lower-case letters, digits and underscores)"));
                searchFrom = open + 2;
            }
        }
        parts.add(text.substring(literalStart));
        return new PromptTemplate(text, parts, lines);
    }

    /** Parses a template known to be well formed (e.g. in tests or built-in defaults). */
    public static PromptTemplate of(String text) {
        List<Problem> problems = new ArrayList<>();
        PromptTemplate template = parse(text, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "line " + problems.get(0).line() + ": " + problems.get(0).reason());
        }
        return template;
    }

    public String text() {
        return text;
    }

    public Set<String> placeholders() {
        return placeholderLines.keySet();
    }

    /** Line (1-based, in the template text) where {@code placeholder} first appears. */
    int lineOf(String placeholder) {
        return placeholderLines.getOrDefault(placeholder, 1);
    }

    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 256);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
            } else {
                String value = values.get(parts.get(i));
                if (value == null) {
                    throw new IllegalArgumentException("no value for {{" + parts.get(i) + "}}");
                }
                out.append(value);
            }
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    @Override
    public String toString() {
        return text;
    }
}
