package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.rouge.RougeScore;
import org.slmcluster.evaluators.rouge.RougeScorer;
import org.slmcluster.evaluators.rouge.RougeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score rouge}: ROUGE as Google's rouge-score computes it. With several reference files each
 * segment takes, per ROUGE type, the reference with the best F1 (rouge-score's {@code score_multi}).
 * The corpus score is the plain mean of the per-segment scores (rouge-score's BootstrapAggregator "mid"
 * is a bootstrap estimate of that same mean). Files hold one segment per line, so a literal backslash-n
 * ({@code \n}, two characters) in a line is read as a sentence break: ROUGE-Lsum splits on it, the
 * other types treat it as whitespace.
 */
@Command(
        name = "rouge",
        mixinStandardHelpOptions = true,
        description = "ROUGE-N / ROUGE-L / ROUGE-Lsum as Google's rouge-score computes them (mean over segments).")
public final class RougeScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Hypotheses, one per line ('-' or absent: stdin).")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", description = "References, one per line; repeat for several.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--use-stemmer", description = "Porter-stem tokens longer than 3 characters (NLTK's stemmer).")
    boolean useStemmer;

    @Option(
            names = "--rouge-types",
            split = ",",
            paramLabel = "TYPE",
            description = "Comma-separated: rouge1..rouge9, rougeL, rougeLsum (default: ${DEFAULT-VALUE}).")
    List<String> rougeTypes = new ArrayList<>(List.of("rouge1", "rouge2", "rougeL", "rougeLsum"));

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = "--sentence-level", description = "Also report every segment's scores.")
    boolean sentenceLevel;

    @Override
    public Integer call() throws Exception {
        List<RougeType> types = new ArrayList<>();
        for (String name : rougeTypes) {
            try {
                types.add(RougeType.parse(name.strip()));
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput(e.getMessage());
            }
        }
        if (types.isEmpty()) {
            throw CliFailure.badInput("--rouge-types is empty");
        }
        List<String> hypotheses = SegmentFiles.read(hyps);
        List<List<String>> references = SegmentFiles.readReferences(refs, hypotheses.size());
        RougeScorer scorer = new RougeScorer(types, useStemmer);

        List<Map<String, RougeScore>> perSegment = new ArrayList<>(hypotheses.size());
        double[][] sums = new double[types.size()][3];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> targets = new ArrayList<>(references.size());
            for (List<String> stream : references) {
                targets.add(unescapeNewlines(stream.get(i)));
            }
            Map<String, RougeScore> scores = scorer.scoreMulti(targets, unescapeNewlines(hypotheses.get(i)));
            perSegment.add(scores);
            for (int t = 0; t < types.size(); t++) {
                RougeScore s = scores.get(types.get(t).name());
                sums[t][0] += s.precision();
                sums[t][1] += s.recall();
                sums[t][2] += s.fmeasure();
            }
        }
        int n = hypotheses.size();
        ObjectMapper mapper = CliJson.MAPPER;
        ObjectNode out = mapper.createObjectNode();
        out.put("metric", "rouge");
        for (int t = 0; t < types.size(); t++) {
            ObjectNode s = out.putObject(types.get(t).name());
            s.put("precision", sums[t][0] / n);
            s.put("recall", sums[t][1] / n);
            s.put("fmeasure", sums[t][2] / n);
        }
        out.put("use_stemmer", useStemmer);
        out.put("segments", n);
        if (sentenceLevel) {
            ArrayNode sentences = out.putArray("sentences");
            for (Map<String, RougeScore> scores : perSegment) {
                ObjectNode line = sentences.addObject();
                line.put("metric", "rouge");
                for (Map.Entry<String, RougeScore> e : scores.entrySet()) {
                    ObjectNode s = line.putObject(e.getKey());
                    s.put("precision", e.getValue().precision());
                    s.put("recall", e.getValue().recall());
                    s.put("fmeasure", e.getValue().fmeasure());
                }
            }
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        } else {
            if (sentenceLevel) {
                for (int i = 0; i < perSegment.size(); i++) {
                    System.out.println("segment " + (i + 1) + ": " + human(perSegment.get(i)));
                }
            }
            Map<String, RougeScore> corpus = new java.util.LinkedHashMap<>();
            for (int t = 0; t < types.size(); t++) {
                corpus.put(types.get(t).name(), new RougeScore(sums[t][0] / n, sums[t][1] / n, sums[t][2] / n));
            }
            System.out.println(human(corpus) + " (mean of " + n + " segments" + (useStemmer ? ", stemmed" : "") + ")");
        }
        System.out.flush();
        return 0;
    }

    private static String human(Map<String, RougeScore> scores) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, RougeScore> e : scores.entrySet()) {
            RougeScore s = e.getValue();
            parts.add(String.format(
                    Locale.ROOT, "%s F1 %.4f (P %.4f R %.4f)", e.getKey(), s.fmeasure(), s.precision(), s.recall()));
        }
        return String.join(" | ", parts);
    }

    /** A literal backslash-n in a one-line segment stands for a sentence break. */
    static String unescapeNewlines(String segment) {
        return segment.replace("\\n", "\n");
    }
}
