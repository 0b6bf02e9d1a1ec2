package org.slmcluster.runtime.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a classes file: one {@code name: description} line per class, in the order prompts list them;
 * blank lines and lines starting with {@code #} are ignored. Names are what the model must answer.
 */
final class ClassesFileReader {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";

    private ClassesFileReader() {}

    static List<ClassDefinition> read(LoadContext context, Path file, String text) {
        List<ClassDefinition> classes = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                context.problem(file, i + 1, "expected \"name: description\"");
                continue;
            }
            String name = line.substring(0, colon).strip();
            String description = line.substring(colon + 1).strip();
            if (!name.matches(NAME)) {
                context.problem(
                        file,
                        i + 1,
                        "bad class name \"" + name
                                + "\" (letters, digits, '_', '-', '.', starting with a letter or digit)");
                continue;
            }
            if (description.isEmpty()) {
                context.problem(file, i + 1, "class \"" + name + "\" has no description");
                continue;
            }
            Integer first = lineOfName.putIfAbsent(name, i + 1);
            if (first != null) {
                context.problem(file, i + 1, "duplicate class \"" + name + "\" (first at line " + first + ")");
                continue;
            }
            classes.add(new ClassDefinition(name, description));
        }
        if (classes.size() < 2) {
            context.problem(file, 0, "a classes file needs at least 2 classes, found " + classes.size());
        }
        return classes;
    }
}
