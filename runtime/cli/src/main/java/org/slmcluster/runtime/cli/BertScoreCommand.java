package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.bertscore.Baseline;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.bertscore.BertScoreResult;
import org.slmcluster.evaluators.bertscore.PrecisionRecallF1;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score bertscore}: BERTScore of hypotheses against one or more reference streams, with
 * the bundled all-MiniLM-L6-v2 encoder or any ONNX encoder directory. Scores depend on the encoder.
 */
@Command(
        name = "bertscore",
        mixinStandardHelpOptions = true,
        description = {
            "Score with BERTScore (greedy cosine matching of token embeddings).",
            "Scores depend on the encoder: the default all-MiniLM-L6-v2 (last layer) is not comparable "
                    + "with published roberta-large BERTScore numbers."
        })
public final class BertScoreCommand implements Callable<Integer> {

    @Option(names = "--hyps", paramLabel = "FILE", description = "Hypotheses, one per line ('-' or absent: stdin).")
    String hyps;

    @Option(
            names = "--refs",
            paramLabel = "FILE",
            description = "References, one per line; repeat for several "
                    + "reference streams (P, R and F1 each take the best reference).")
    List<String> refs;

    @Option(names = "--idf", description = "Weight tokens by idf computed from the references.")
    boolean idf;

    @Option(
            names = "--rescale-with-baseline",
            paramLabel = "P,R,F",
            description = "Rescale with these baselines: (x - b) / (1 - b). No baseline is published for "
                    + "all-MiniLM-L6-v2, so give your own.")
    String baseline;

    @Option(
            names = "--encoder",
            paramLabel = "DIR",
            description = "Directory with model.onnx and tokenizer.json (default: bundled all-MiniLM-L6-v2).")
    Path encoderDirectory;

    @Option(
            names = "--max-length",
            paramLabel = "N",
            description = "Longest token sequence fed to the encoder; longer texts are cut (default: 512, or the "
                    + "directory's tokenizer_config.json).")
    Integer maxLength;

    @Option(names = "--sentence-level", description = "Also report every segment's scores.")
    boolean sentenceLevel;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Baseline rescale = parseBaseline();
        if (maxLength != null && maxLength < 2) {
            throw CliFailure.badInput("--max-length must be at least 2: " + maxLength);
        }
        List<String> hypotheses = SegmentFiles.read(hyps);
        List<List<String>> references = SegmentFiles.readReferences(refs, hypotheses.size());
        BertScoreOptions options = BertScoreOptions.defaults().withIdf(idf).withBaseline(rescale);
        try (OnnxEncoder encoder = loadEncoder()) {
            BertScoreResult result = new BertScore(encoder, options).score(hypotheses, references);
            if (json) {
                System.out.println(toJson(result, encoder));
            } else {
                System.out.println(toLine(result, encoder));
            }
            System.out.flush();
            if (result.truncatedTexts() > 0) {
                System.err.println("bertscore: " + result.truncatedTexts() + " texts were longer than "
                        + encoder.maxLength() + " tokens and were cut");
            }
        }
        return 0;
    }

    private Baseline parseBaseline() {
        if (baseline == null) {
            return null;
        }
        try {
            return Baseline.parse(baseline);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--rescale-with-baseline: " + e.getMessage());
        }
    }

    private OnnxEncoder loadEncoder() {
        try {
            if (encoderDirectory == null) {
                return OnnxEncoder.loadDefault(
                        maxLength == null ? OnnxEncoder.DEFAULT_MAX_LENGTH : maxLength, OnnxEncoder.DEFAULT_BATCH_SIZE);
            }
            return OnnxEncoder.loadDirectory(encoderDirectory, maxLength, OnnxEncoder.DEFAULT_BATCH_SIZE);
        } catch (EncoderException e) {
            throw encoderDirectory != null
                    ? CliFailure.badInput("--encoder: " + e.getMessage())
                    : CliFailure.failed(e.getMessage());
        }
    }

    private String toJson(BertScoreResult result, OnnxEncoder encoder) {
        ObjectMapper mapper = CliJson.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.put("metric", "bertscore");
        putScores(root, result.corpus());
        root.put("encoder", encoder.name());
        root.put("idf", idf);
        root.put("rescaled", baseline != null);
        root.put("truncated", result.truncatedTexts());
        if (sentenceLevel) {
            ArrayNode sentences = root.putArray("sentences");
            for (PrecisionRecallF1 segment : result.segments()) {
                ObjectNode s = sentences.addObject();
                s.put("metric", "bertscore");
                putScores(s, segment);
            }
        }
        return root.toString();
    }

    private static void putScores(ObjectNode node, PrecisionRecallF1 scores) {
        node.put("precision", scores.precision());
        node.put("recall", scores.recall());
        node.put("f1", scores.f1());
    }

    private String toLine(BertScoreResult result, OnnxEncoder encoder) {
        StringBuilder out = new StringBuilder();
        if (sentenceLevel) {
            for (PrecisionRecallF1 segment : result.segments()) {
                out.append(format(segment)).append('\n');
            }
        }
        out.append(format(result.corpus()))
                .append(" (encoder ")
                .append(encoder.name())
                .append(idf ? ", idf" : ", no idf")
                .append(baseline != null ? ", rescaled" : "")
                .append(')');
        return out.toString();
    }

    private static String format(PrecisionRecallF1 s) {
        return String.format(Locale.ROOT, "BERTScore P: %.6f R: %.6f F1: %.6f", s.precision(), s.recall(), s.f1());
    }
}
