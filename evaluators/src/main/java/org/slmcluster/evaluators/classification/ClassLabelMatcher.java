package org.slmcluster.evaluators.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a model's answer to one of the defined classes, or to none.
 *
 * <ol>
 *   <li>A structured answer is read first: a JSON object with a {@code class}, {@code label},
 *   {@code category}, {@code answer} or {@code prediction} field (any case), or a JSON string.</li>
 *   <li>The answer is cleaned: code fences, markdown emphasis, surrounding whitespace, quotes and
 *   punctuation are removed, and {@code Class:}, {@code Label:}, {@code Category:}, {@code Answer:}
 *   prefixes dropped. If what is left equals a class name (case-insensitive, whitespace collapsed),
 *   that is the class.</li>
 *   <li>Otherwise the class names occurring in the answer as whole words (case-insensitive) are
 *   collected, a name inside a longer matching name not counting separately ("positive" in "very
 *   positive"). Exactly one distinct class: that class. None, or several (hedging, or an echo of the
 *   prompt's class list): no defined class.</li>
 * </ol>
 */
public final class ClassLabelMatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LABEL_KEYS =
            Set.of("class", "label", "category", "answer", "prediction", "classification", "predicted_class", "output");
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*\\s*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:the\\s+)?(?:predicted\\s+)?(?:class|label|category|answer|classification|prediction|output)\\s*(?:is)?\\s*[:=\\-]?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final List<ClassDefinition> classes;
    private final List<Pattern> namePatterns;

    public ClassLabelMatcher(List<ClassDefinition> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("at least one class must be defined");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ClassDefinition c : classes) {
            if (!seen.add(normalize(c.name()))) {
                throw new IllegalArgumentException("class defined twice: " + c.name());
            }
        }
        this.classes = List.copyOf(classes);
        List<Pattern> patterns = new ArrayList<>();
        for (ClassDefinition c : classes) {
            String words = Pattern.quote(normalize(c.name())).replace(" ", "\\E\\s+\\Q");
            patterns.add(Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + words + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        this.namePatterns = patterns;
    }

    public List<ClassDefinition> classes() {
        return classes;
    }

    /** The defined class the answer names, or empty for no (or no single) defined class. */
    public Optional<ClassDefinition> match(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        String text = answer.strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            text = fence.group(1).strip();
        }
        String structured = structuredLabel(text);
        if (structured != null) {
            text = structured;
        }
        String cleaned = clean(text);
        for (ClassDefinition c : classes) {
            if (normalize(c.name()).equals(normalize(cleaned))) {
                return Optional.of(c);
            }
        }
        return uniqueMention(cleaned);
    }

    /** The class name resolved for a gold label; gold labels must name a defined class exactly (case-insensitive). */
    public Optional<ClassDefinition> exact(String label) {
        String n = normalize(label);
        for (ClassDefinition c : classes) {
            if (normalize(c.name()).equals(n)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private Optional<ClassDefinition> uniqueMention(String text) {
        List<int[]> spans = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < namePatterns.size(); i++) {
            Matcher m = namePatterns.get(i).matcher(text);
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
                owners.add(i);
            }
        }
        Set<Integer> distinct = new LinkedHashSet<>();
        for (int a = 0; a < spans.size(); a++) {
            boolean inside = false;
            for (int b = 0; b < spans.size() && !inside; b++) {
                if (a != b
                        && !owners.get(a).equals(owners.get(b))
                        && spans.get(b)[0] <= spans.get(a)[0]
                        && spans.get(a)[1] <= spans.get(b)[1]
                        && spans.get(b)[1] - spans.get(b)[0] > spans.get(a)[1] - spans.get(a)[0]) {
                    inside = true;
                }
            }
            if (!inside) {
                distinct.add(owners.get(a));
            }
        }
        return distinct.size() == 1
                ? Optional.of(classes.get(distinct.iterator().next()))
                : Optional.empty();
    }

    private static String structuredLabel(String text) {
        if (text.isEmpty() || (text.charAt(0) != '{' && text.charAt(0) != '"')) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null) {
                return null;
            }
            if (node.isTextual()) {
                return node.asText();
            }
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (LABEL_KEYS.contains(f.getKey().toLowerCase(Locale.ROOT))
                            && f.getValue().isValueNode()) {
                        return f.getValue().asText();
                    }
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }

    /** Removes markdown emphasis, label prefixes and surrounding quotes, brackets and punctuation. */
    static String clean(String text) {
        String t = text.replace("**", "").replace("__", "").strip();
        String previous;
        do {
            previous = t;
            t = PREFIX.matcher(t).replaceFirst("");
            t = stripSurrounding(t);
        } while (!t.equals(previous));
        return t;
    }

    private static String stripSurrounding(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isDecoration(s.charAt(from))) {
            from++;
        }
        while (to > from && isDecoration(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isDecoration(char c) {
        return Character.isWhitespace(c) || "\"'`“”‘’«».,;:!?()[]{}<>*_#-".indexOf(c) >= 0;
    }

    static String normalize(String s) {
        return stripSurrounding(s.strip()).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
