package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.squad.SquadScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score squad}: SQuAD v1.1 exact match and token F1 in percent, as the official evaluate
 * script reports them. Each --refs file is one stream of gold answers; a question's gold answers are its
 * lines across the streams, empty lines skipped (questions with fewer gold answers leave them empty).
 */
@Command(
        name = "squad",
        mixinStandardHelpOptions = true,
        description = "SQuAD v1.1 exact match and F1 (max over gold answers; --refs repeatable).")
public final class SquadScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Predicted answers, one per line.")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", description = "Gold answers, one per line; repeat for several.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = "--sentence-level", description = "Also report every question's scores.")
    boolean sentenceLevel;

    @Override
    public Integer call() throws Exception {
        List<String> predictions = SegmentFiles.read(hyps);
        List<List<String>> streams = SegmentFiles.readReferences(refs, predictions.size());
        List<List<String>> golds = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            List<String> answers = new ArrayList<>();
            for (List<String> stream : streams) {
                if (!stream.get(i).isBlank()) {
                    answers.add(stream.get(i));
                }
            }
            if (answers.isEmpty()) {
                throw CliFailure.badInput("line " + (i + 1) + " has no gold answer in any --refs file");
            }
            golds.add(answers);
        }
        SquadScorer.SquadResult result = SquadScorer.evaluate(predictions, golds);
        ObjectMapper mapper = CliJson.MAPPER;
        ObjectNode out = mapper.createObjectNode();
        out.put("metric", "squad");
        out.put("exact_match", result.exactMatch());
        out.put("f1", result.f1());
        out.put("n", result.count());
        if (sentenceLevel) {
            ArrayNode sentences = out.putArray("sentences");
            for (double[] q : result.perQuestion()) {
                ObjectNode s = sentences.addObject();
                s.put("metric", "squad");
                s.put("exact_match", 100.0 * q[0]);
                s.put("f1", 100.0 * q[1]);
            }
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        } else {
            if (sentenceLevel) {
                for (int i = 0; i < result.perQuestion().size(); i++) {
                    double[] q = result.perQuestion().get(i);
                    System.out.println(
                            String.format(Locale.ROOT, "question %d: EM %.2f F1 %.2f", i + 1, 100 * q[0], 100 * q[1]));
                }
            }
            System.out.println(String.format(
                    Locale.ROOT,
                    "SQuAD v1.1: exact_match %.2f f1 %.2f (%d questions)",
                    result.exactMatch(),
                    result.f1(),
                    result.count()));
        }
        System.out.flush();
        return 0;
    }
}
