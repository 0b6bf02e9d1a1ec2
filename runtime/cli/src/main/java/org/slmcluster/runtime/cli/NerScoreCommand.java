package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.ner.NamedEntity;
import org.slmcluster.evaluators.ner.NerAnswerScore;
import org.slmcluster.evaluators.ner.NerCorpusScore;
import org.slmcluster.evaluators.ner.NerScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score ner}: the source study's NER score. --hyps: one model answer per line, either raw
 * text or a JSON string literal (starting with a double quote) so that answers may hold newlines.
 * --refs: one JSON list of gold entities per line, {@code [{"text": "Barack Obama", "type": "PERSON"}, ...]}
 * (or {@code [["Barack Obama", "PERSON"], ...]}; {@code []} for none). The requested types (--types, default:
 * every type in the gold file) decide which "X: Y" lines are entity lines.
 */
@Command(
        name = "ner",
        mixinStandardHelpOptions = true,
        description = "NER score of the source study: (Correct + 0.5 Partial) / TotalTrue, halved for extra content.")
public final class NerScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Model answers, one per line (raw or JSON string).")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", description = "Gold entities: one JSON list per line (one file).")
    List<String> refs = new ArrayList<>();

    @Option(
            names = "--types",
            split = ",",
            paramLabel = "TYPE",
            description = "Entity types the prompt asked for (default: all types in --refs).")
    List<String> types = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = "--sentence-level", description = "Also report every answer's score and parse result.")
    boolean sentenceLevel;

    @Override
    public Integer call() throws Exception {
        if (refs.size() > 1) {
            throw CliFailure.badInput("ner takes exactly one --refs file (got " + refs.size() + ")");
        }
        ObjectMapper mapper = CliJson.MAPPER;
        List<String> answerLines = SegmentFiles.read(hyps);
        List<String> goldLines =
                SegmentFiles.readReferences(refs, answerLines.size()).get(0);
        List<String> answers = new ArrayList<>(answerLines.size());
        for (String line : answerLines) {
            answers.add(decodeAnswer(mapper, line));
        }
        List<List<NamedEntity>> golds = new ArrayList<>(goldLines.size());
        Set<String> goldTypes = new LinkedHashSet<>();
        for (int i = 0; i < goldLines.size(); i++) {
            List<NamedEntity> gold = parseGold(mapper, goldLines.get(i), i + 1, refs.get(0));
            gold.forEach(e -> goldTypes.add(e.type()));
            golds.add(gold);
        }
        NerScorer scorer = new NerScorer(types.isEmpty() ? goldTypes : new LinkedHashSet<>(types));
        NerCorpusScore score = scorer.scoreAll(answers, golds);

        ObjectNode out = mapper.createObjectNode();
        out.put("metric", "ner");
        putNumber(out, "r_final", score.meanRFinal());
        putNumber(out, "r_base", score.meanRBase());
        putNumber(out, "pooled_r_base", score.pooledRBase());
        out.put("correct", score.correct());
        out.put("partial", score.partial());
        out.put("total_true", score.totalTrue());
        out.put("parse_failures", score.parseFailures());
        putNumber(out, "parse_failure_rate", score.parseFailureRate());
        putNumber(out, "extra_content_rate", score.extraContentRate());
        out.put("answers", answers.size());
        if (sentenceLevel) {
            ArrayNode sentences = out.putArray("sentences");
            for (NerAnswerScore s : score.answers()) {
                ObjectNode line = sentences.addObject();
                line.put("metric", "ner");
                line.put("r_final", s.rFinal());
                line.put("r_base", s.rBase());
                line.put("correct", s.correct());
                line.put("partial", s.partial());
                line.put("total_true", s.totalTrue());
                line.put("predicted", s.predicted());
                line.put("extra_content", s.extraContent());
                if (s.parseFailed()) {
                    line.put("parse_failure", s.parseFailure());
                } else {
                    line.putNull("parse_failure");
                }
            }
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        } else {
            if (sentenceLevel) {
                for (int i = 0; i < score.answers().size(); i++) {
                    NerAnswerScore s = score.answers().get(i);
                    System.out.println(String.format(
                            Locale.ROOT,
                            "answer %d: Rfinal %.4f Rbase %.4f correct %d partial %d of %d%s%s",
                            i + 1,
                            s.rFinal(),
                            s.rBase(),
                            s.correct(),
                            s.partial(),
                            s.totalTrue(),
                            s.extraContent() ? ", extra content" : "",
                            s.parseFailed() ? ", parse failure: " + s.parseFailure() : ""));
                }
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "NER Rfinal %.4f (Rbase %.4f; correct %d, partial %d of %d gold; parse failures %d/%d; extra content %.1f%%)",
                    score.meanRFinal(),
                    score.meanRBase(),
                    score.correct(),
                    score.partial(),
                    score.totalTrue(),
                    score.parseFailures(),
                    answers.size(),
                    100 * score.extraContentRate()));
        }
        System.out.flush();
        return 0;
    }

    /** A line starting with a double quote is a JSON string literal (so answers can hold newlines). */
    static String decodeAnswer(ObjectMapper mapper, String line) {
        String t = line.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            try {
                JsonNode node = mapper.readTree(t);
                if (node != null && node.isTextual()) {
                    return node.asText();
                }
            } catch (Exception e) {
                // not a JSON string after all: the raw line is the answer
            }
        }
        return line;
    }

    private static List<NamedEntity> parseGold(ObjectMapper mapper, String line, int lineNumber, String file) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (Exception e) {
            throw CliFailure.badInput(file + " line " + lineNumber + ": not JSON: expected a list like "
                    + "[{\"text\": \"Barack Obama\", \"type\": \"PERSON\"}]");
        }
        if (node != null && node.isObject() && node.has("entities")) {
            node = node.get("entities");
        }
        if (node == null || !node.isArray()) {
            throw CliFailure.badInput(file + " line " + lineNumber + ": expected a JSON list of gold entities");
        }
        List<NamedEntity> gold = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.isObject()
                    && item.path("text").isTextual()
                    && item.path("type").isTextual()) {
                gold.add(new NamedEntity(
                        item.get("text").asText(), item.get("type").asText()));
            } else if (item.isArray()
                    && item.size() == 2
                    && item.get(0).isTextual()
                    && item.get(1).isTextual()) {
                gold.add(new NamedEntity(item.get(0).asText(), item.get(1).asText()));
            } else {
                throw CliFailure.badInput(
                        file + " line " + lineNumber + ": gold entity " + item + " needs \"text\" and \"type\"");
            }
        }
        return gold;
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
