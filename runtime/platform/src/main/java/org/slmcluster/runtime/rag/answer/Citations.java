package org.slmcluster.runtime.rag.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which chunks an answer cites: the ids on its {@code Sources:} line(s) (comma, semicolon or
 * space separated, brackets allowed), then {@code [id]} mentions in the text that name a chunk the
 * prompt showed. Ids keep the order of first mention, each once.
 */
public final class Citations {

    private static final Pattern SOURCES_LINE = Pattern.compile("(?im)^\\s*\\**\\s*sources?\\s*\\**\\s*:.*$");

    private static final Pattern SOURCES = Pattern.compile("(?im)^\\s*\\**\\s*sources?\\s*\\**\\s*:(.*)$");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\[\\]\\s]+)]");
    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");

    private Citations() {}

    /**
     * @param shown the ids of the chunks in the prompt: a bracketed mention counts only if it names one
     *     of them (brackets are common in free text); ids on a {@code Sources:} line count as written
     */
    public static List<String> cited(String answer, List<String> shown) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher sources = SOURCES.matcher(answer);
        while (sources.find()) {
            for (String token : SEPARATORS.split(sources.group(1))) {
                String id = clean(token);
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        Set<String> known = Set.copyOf(shown);
        Matcher bracketed = BRACKETED.matcher(answer);
        while (bracketed.find()) {
            String id = clean(bracketed.group(1));
            if (known.contains(id)) {
                ids.add(id);
            }
        }
        return new ArrayList<>(ids);
    }

    /** The answer without its {@code Sources:} line(s), as the evaluator scores it. */
    public static String withoutSources(String answer) {
        return SOURCES_LINE.matcher(answer).replaceAll("").strip();
    }

    private static String clean(String token) {
        String id = token.strip();
        while (!id.isEmpty() && "[(\"'`*".indexOf(id.charAt(0)) >= 0) {
            id = id.substring(1);
        }
        while (!id.isEmpty() && "])\"'`*.:".indexOf(id.charAt(id.length() - 1)) >= 0) {
            id = id.substring(0, id.length() - 1);
        }
        return id;
    }
}
