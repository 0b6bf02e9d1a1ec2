package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.seqeval.Scheme;
import org.slmcluster.evaluators.seqeval.Seqeval;
import org.slmcluster.evaluators.seqeval.SeqevalReport;
import org.slmcluster.evaluators.seqeval.TypeScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score seqeval}: entity-level precision / recall / F1 as seqeval computes them. One sentence
 * per line, tags separated by spaces; --hyps holds the predicted tags, --refs the gold tags. In strict
 * mode without --scheme the scheme is auto-detected from the gold tags, as seqeval's
 * classification_report does.
 */
@Command(
        name = "seqeval",
        mixinStandardHelpOptions = true,
        description = "Entity-level P/R/F1 as seqeval computes them (one sentence of space-separated tags per line).")
public final class SeqevalScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Predicted tags ('-' or absent: stdin).")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", description = "Gold tags (exactly one file).")
    List<String> refs = new ArrayList<>();

    @Option(names = "--scheme", description = "Strict-mode scheme: ${COMPLETION-CANDIDATES} (default: auto-detect).")
    Scheme scheme;

    @Option(names = "--mode", description = "default (conlleval-like) or strict (default: ${DEFAULT-VALUE}).")
    SeqevalReport.Mode mode = SeqevalReport.Mode.DEFAULT;

    @Option(
            names = "--average",
            description = "Average reported at top level: micro, macro or weighted (default: ${DEFAULT-VALUE}).")
    SeqevalReport.Average average = SeqevalReport.Average.MICRO;

    @Option(names = "--suffix", description = "Tags carry the prefix at the end (PER-B instead of B-PER).")
    boolean suffix;

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = "--sentence-level", description = "Also score every sentence on its own.")
    boolean sentenceLevel;

    @Override
    public Integer call() throws Exception {
        if (refs.size() > 1) {
            throw CliFailure.badInput("seqeval takes exactly one --refs file (got " + refs.size() + ")");
        }
        if (scheme != null && mode != SeqevalReport.Mode.STRICT) {
            throw CliFailure.badInput("--scheme only applies to --mode strict");
        }
        List<String> predictedLines = SegmentFiles.read(hyps);
        List<String> goldLines =
                SegmentFiles.readReferences(refs, predictedLines.size()).get(0);
        List<List<String>> yPred = new ArrayList<>();
        List<List<String>> yTrue = new ArrayList<>();
        for (int i = 0; i < predictedLines.size(); i++) {
            List<String> p = tags(predictedLines.get(i));
            List<String> t = tags(goldLines.get(i));
            if (p.size() != t.size()) {
                throw CliFailure.badInput(
                        "line " + (i + 1) + ": " + p.size() + " predicted tags but " + t.size() + " gold tags");
            }
            yPred.add(p);
            yTrue.add(t);
        }
        SeqevalReport report;
        try {
            report = Seqeval.evaluate(yTrue, yPred, mode, scheme, suffix);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        TypeScore top = report.average(average);
        ObjectMapper mapper = CliJson.MAPPER;
        ObjectNode out = mapper.createObjectNode();
        out.put("metric", "seqeval");
        out.put("mode", mode.name().toLowerCase(Locale.ROOT));
        out.put("average", average.name().toLowerCase(Locale.ROOT));
        putScore(out, top);
        putNumber(out, "accuracy", report.accuracy());
        ObjectNode perType = out.putObject("per_type");
        for (Map.Entry<String, TypeScore> e : report.perType().entrySet()) {
            putScore(perType.putObject(e.getKey()), e.getValue());
        }
        ObjectNode averages = out.putObject("averages");
        for (SeqevalReport.Average a : SeqevalReport.Average.values()) {
            putScore(averages.putObject(a.name().toLowerCase(Locale.ROOT)), report.average(a));
        }
        List<TypeScore> perSentence = new ArrayList<>();
        if (sentenceLevel) {
            com.fasterxml.jackson.databind.node.ArrayNode sentences = out.putArray("sentences");
            for (int i = 0; i < yTrue.size(); i++) {
                TypeScore s = Seqeval.evaluate(List.of(yTrue.get(i)), List.of(yPred.get(i)), mode, scheme, suffix)
                        .average(average);
                perSentence.add(s);
                ObjectNode line = sentences.addObject();
                line.put("metric", "seqeval");
                putScore(line, s);
            }
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        } else {
            for (int i = 0; i < perSentence.size(); i++) {
                TypeScore s = perSentence.get(i);
                System.out.println(String.format(
                        Locale.ROOT,
                        "sentence %d: P %.4f R %.4f F1 %.4f support %d",
                        i + 1,
                        s.precision(),
                        s.recall(),
                        s.f1(),
                        s.support()));
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "seqeval (%s, %s): P %.4f R %.4f F1 %.4f support %d",
                    mode.name().toLowerCase(Locale.ROOT),
                    average.name().toLowerCase(Locale.ROOT),
                    top.precision(),
                    top.recall(),
                    top.f1(),
                    top.support()));
            for (Map.Entry<String, TypeScore> e : report.perType().entrySet()) {
                TypeScore s = e.getValue();
                System.out.println(String.format(
                        Locale.ROOT,
                        "  %s: P %.4f R %.4f F1 %.4f support %d",
                        e.getKey(),
                        s.precision(),
                        s.recall(),
                        s.f1(),
                        s.support()));
            }
        }
        System.out.flush();
        return 0;
    }

    private static List<String> tags(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }

    private static void putScore(ObjectNode node, TypeScore s) {
        putNumber(node, "precision", s.precision());
        putNumber(node, "recall", s.recall());
        putNumber(node, "f1", s.f1());
        node.put("support", s.support());
    }

    /** NaN (seqeval's mean over no entity type) has no JSON form: null. */
    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
