package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.classification.ClassDefinition;
import org.slmcluster.evaluators.classification.ClassificationReport;
import org.slmcluster.evaluators.classification.ClassificationScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score classification}: answers (--hyps, one per line, raw or a JSON string literal) against
 * gold labels (--refs, one defined class name per line) for user-defined classes (--classes FILE: one
 * {@code name: description} per line, or JSON: a list of names, a list of {"name", "description"}
 * objects, or an object mapping names to descriptions).
 */
@Command(
        name = "classification",
        mixinStandardHelpOptions = true,
        description = "Accuracy, macro-F1, confusion matrix and no-class rate for user-defined classes.")
public final class ClassificationScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Model answers, one per line (raw or JSON string).")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", description = "Gold class names, one per line (one file).")
    List<String> refs = new ArrayList<>();

    @Option(
            names = "--classes",
            paramLabel = "FILE",
            required = true,
            description = "Class definitions: 'name: description' lines, or JSON.")
    String classesFile;

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = "--sentence-level", description = "Also report the class read from every answer.")
    boolean sentenceLevel;

    @Override
    public Integer call() throws Exception {
        if (refs.size() > 1) {
            throw CliFailure.badInput("classification takes exactly one --refs file (got " + refs.size() + ")");
        }
        ObjectMapper mapper = CliJson.MAPPER;
        List<ClassDefinition> classes = readClasses(mapper, classesFile);
        List<String> answerLines = SegmentFiles.read(hyps);
        List<String> gold =
                SegmentFiles.readReferences(refs, answerLines.size()).get(0);
        List<String> answers = new ArrayList<>(answerLines.size());
        for (String line : answerLines) {
            answers.add(NerScoreCommand.decodeAnswer(mapper, line));
        }
        ClassificationReport report;
        try {
            report = new ClassificationScorer(classes).score(answers, gold);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("metric", "classification");
        out.put("accuracy", report.accuracy());
        out.put("macro_f1", report.macroF1());
        out.put("no_class_rate", report.noClassRate());
        out.put("no_class", report.noClassCount());
        out.put("n", report.count());
        ObjectNode perClass = out.putObject("per_class");
        for (Map.Entry<String, ClassificationReport.ClassScore> e :
                report.perClass().entrySet()) {
            ObjectNode c = perClass.putObject(e.getKey());
            c.put("precision", e.getValue().precision());
            c.put("recall", e.getValue().recall());
            c.put("f1", e.getValue().f1());
            c.put("support", e.getValue().support());
        }
        ObjectNode confusion = out.putObject("confusion_matrix");
        ArrayNode rows = confusion.putArray("rows");
        report.labels().forEach(rows::add);
        ArrayNode columns = confusion.putArray("columns");
        report.labels().forEach(columns::add);
        columns.add(ClassificationReport.NONE);
        ArrayNode matrix = confusion.putArray("matrix");
        for (int[] row : report.confusion()) {
            ArrayNode r = matrix.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        if (sentenceLevel) {
            ArrayNode sentences = out.putArray("sentences");
            for (int i = 0; i < answers.size(); i++) {
                ObjectNode s = sentences.addObject();
                s.put("metric", "classification");
                s.put("predicted", report.predictions().get(i));
                s.put("gold", gold.get(i).strip());
                s.put(
                        "correct",
                        report.predictions().get(i).equalsIgnoreCase(gold.get(i).strip()) ? 1 : 0);
            }
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.println(String.format(
                    Locale.ROOT,
                    "classification: accuracy %.4f macro-F1 %.4f no-class %.4f (%d of %d answers)",
                    report.accuracy(),
                    report.macroF1(),
                    report.noClassRate(),
                    report.noClassCount(),
                    report.count()));
            StringBuilder header = new StringBuilder("  gold \\ predicted:");
            List<String> cols = new ArrayList<>(report.labels());
            cols.add(ClassificationReport.NONE);
            cols.forEach(c -> header.append(" | ").append(c));
            System.out.println(header);
            for (int g = 0; g < report.labels().size(); g++) {
                StringBuilder row = new StringBuilder("  " + report.labels().get(g) + ":");
                for (int v : report.confusion()[g]) {
                    row.append(' ').append(v);
                }
                System.out.println(row);
            }
        }
        System.out.flush();
        return 0;
    }

    static List<ClassDefinition> readClasses(ObjectMapper mapper, String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("file not found: " + file);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<ClassDefinition> classes = new ArrayList<>();
        try {
            if (text.startsWith("[") || text.startsWith("{")) {
                JsonNode node;
                try {
                    node = mapper.readTree(text);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw CliFailure.badInput(file + ": invalid JSON: " + e.getOriginalMessage());
                }
                if (node.isArray()) {
                    for (JsonNode item : node) {
                        if (item.isTextual()) {
                            classes.add(new ClassDefinition(item.asText(), ""));
                        } else if (item.isObject() && item.path("name").isTextual()) {
                            classes.add(new ClassDefinition(
                                    item.get("name").asText(),
                                    item.path("description").asText("")));
                        } else {
                            throw CliFailure.badInput(file + ": each class needs a \"name\": " + item);
                        }
                    }
                } else {
                    Iterator<Map.Entry<String, JsonNode>> fields =
                            node.properties().iterator();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> f = fields.next();
                        classes.add(new ClassDefinition(f.getKey(), f.getValue().asText("")));
                    }
                }
            } else {
                for (String line : text.split("\\R")) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    int colon = l.indexOf(':');
                    classes.add(
                            colon < 0
                                    ? new ClassDefinition(l, "")
                                    : new ClassDefinition(l.substring(0, colon), l.substring(colon + 1)));
                }
            }
            if (classes.isEmpty()) {
                throw CliFailure.badInput(file + " defines no class");
            }
            new ClassificationScorer(classes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(file + ": " + e.getMessage());
        }
        return classes;
    }
}
