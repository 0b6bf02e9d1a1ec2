package org.slmcluster.runtime.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads CoNLL-style NER files: one token per line with its BIO tag in the last column (other columns,
 * e.g. CoNLL-2003 POS and chunk tags, are ignored), a blank line between sentences, {@code -DOCSTART-}
 * lines skipped. An {@code I-X} that does not continue an entity of type X starts one (seqeval's default
 * reading). Sentence text is its tokens joined by single spaces; its id is {@code <file stem>-<n>}.
 */
final class ConllDatasetReader {

    private static final Pattern TAG = Pattern.compile("O|([BI])-(\\S+)");

    private final LoadContext context;
    private final ItemRules rules;

    ConllDatasetReader(LoadContext context, ItemRules rules) {
        this.context = context;
        this.rules = rules;
    }

    List<TaskItem> read(Path file, String text) {
        String stem = stem(file);
        List<TaskItem> items = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Sentence sentence = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("-DOCSTART-")) {
                if (sentence != null) {
                    add(items, sentence, stem);
                    sentence = null;
                }
                continue;
            }
            String[] columns = line.split("\\s+");
            if (columns.length < 2) {
                context.problem(file, lineNumber, "expected \"TOKEN TAG\", got \"" + line + "\"");
                continue;
            }
            String tag = columns[columns.length - 1];
            Matcher matcher = TAG.matcher(tag);
            if (!matcher.matches()) {
                context.problem(file, lineNumber, "bad tag \"" + tag + "\" (use O, B-TYPE or I-TYPE)");
                continue;
            }
            if (matcher.group(2) != null && !rules.entityTypes.contains(matcher.group(2))) {
                context.problem(
                        file,
                        lineNumber,
                        "unknown entity type \"" + matcher.group(2) + "\" (task types: "
                                + String.join(
                                        ", ",
                                        rules.entityTypes.stream().sorted().toList()) + ")");
                continue;
            }
            if (sentence == null) {
                sentence = new Sentence(file, lineNumber);
            }
            sentence.tokens.add(columns[0]);
            sentence.tags.add(tag);
        }
        if (sentence != null) {
            add(items, sentence, stem);
        }
        if (items.isEmpty()
                && context.problems().stream().noneMatch(p -> p.file().equals(file))) {
            context.problem(file, 0, "dataset has no sentences");
        }
        return items;
    }

    private void add(List<TaskItem> items, Sentence sentence, String stem) {
        String id = stem + "-" + (items.size() + 1);
        String first = rules.seenIds.putIfAbsent(id, sentence.file + ":" + sentence.firstLine);
        if (first != null) {
            context.problem(sentence.file, sentence.firstLine, "duplicate id \"" + id + "\" (first at " + first + ")");
        }
        items.add(
                new NerItem(id, String.join(" ", sentence.tokens), entities(sentence), sentence.tokens, sentence.tags));
    }

    private static List<NamedEntity> entities(Sentence sentence) {
        List<NamedEntity> entities = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String currentType = null;
        for (int i = 0; i < sentence.tokens.size(); i++) {
            String tag = sentence.tags.get(i);
            boolean continues = tag.startsWith("I-") && tag.substring(2).equals(currentType);
            if (!continues && currentType != null) {
                entities.add(new NamedEntity(String.join(" ", current), currentType));
                current.clear();
                currentType = null;
            }
            if (!tag.equals("O")) {
                currentType = tag.substring(2);
                current.add(sentence.tokens.get(i));
            }
        }
        if (currentType != null) {
            entities.add(new NamedEntity(String.join(" ", current), currentType));
        }
        return entities;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static final class Sentence {
        final Path file;
        final int firstLine;
        final List<String> tokens = new ArrayList<>();
        final List<String> tags = new ArrayList<>();

        Sentence(Path file, int firstLine) {
            this.file = file;
            this.firstLine = firstLine;
        }
    }
}
