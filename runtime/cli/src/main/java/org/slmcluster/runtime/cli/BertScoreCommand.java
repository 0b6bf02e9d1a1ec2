package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.bertscore.Baseline;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreResult;
import org.slmcluster.evaluators.bertscore.BertScoreSetup;
import org.slmcluster.evaluators.bertscore.PrecisionRecallF1;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.runtime.evaluation.ScoringEncoder;
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
            names = "--baseline",
            paramLabel = "FILE",
            description = "Rescale with the row of the layer used from this baseline file in bert_score's "
                    + "format (rescale_baseline/<lang>/<model>.tsv: LAYER,P,R,F).")
    Path baselineFile;

    @Option(
            names = "--layer",
            paramLabel = "N",
            description = "Hidden layer to match (bert_score's num_layers: 0 = embeddings; roberta-large: 17). "
                    + "Needs an export with every hidden state (default: the last layer).")
    Integer layer;

    @Option(
            names = "--model-type",
            paramLabel = "NAME",
            description = "The model in the hash, e.g. roberta-large (default: the encoder directory's name; "
                    + "the bundled encoder says it is the default).")
    String modelType;

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
        if (rescale != null && baselineFile != null) {
            throw CliFailure.badInput("give either --baseline FILE or --rescale-with-baseline P,R,F, not both");
        }
        if (maxLength != null && maxLength < 2) {
            throw CliFailure.badInput("--max-length must be at least 2: " + maxLength);
        }
        if (layer != null && layer < 0) {
            throw CliFailure.badInput("--layer must be 0 (embeddings) or more: " + layer);
        }
        if (baselineFile != null && !Files.isRegularFile(baselineFile)) {
            throw CliFailure.badInput("--baseline: no such file: " + baselineFile);
        }
        List<String> hypotheses = SegmentFiles.read(hyps);
        List<List<String>> references = SegmentFiles.readReferences(refs, hypotheses.size());
        BertScoreSetup setup = new BertScoreSetup(
                modelName(),
                idf,
                layer == null ? OptionalInt.empty() : OptionalInt.of(layer),
                Optional.ofNullable(baselineFile),
                Optional.ofNullable(rescale));
        try (OnnxEncoder encoder = loadEncoder()) {
            BertScoreSetup.Resolved resolved;
            try {
                resolved = setup.resolve(encoder);
            } catch (EncoderException e) {
                throw CliFailure.badInput("--layer: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput("--baseline: " + e.getMessage());
            }
            BertScoreResult result = new BertScore(encoder, resolved.options()).score(hypotheses, references);
            if (json) {
                System.out.println(toJson(result, encoder, resolved));
            } else {
                System.out.println(toLine(result, resolved));
            }
            System.out.flush();
            if (result.truncatedTexts() > 0) {
                System.err.println("bertscore: " + result.truncatedTexts() + " texts were longer than "
                        + encoder.maxLength() + " tokens and were cut");
            }
        }
        return 0;
    }

    /** The model in the hash: given, else the directory's name; the bundled encoder says it is the default. */
    private String modelName() {
        if (modelType != null && !modelType.isBlank()) {
            return modelType.strip();
        }
        if (encoderDirectory == null) {
            return ScoringEncoder.BUNDLED_SIGNATURE_NAME;
        }
        Path name = encoderDirectory.toAbsolutePath().normalize().getFileName();
        return name == null ? encoderDirectory.toString() : name.toString();
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

    private String toJson(BertScoreResult result, OnnxEncoder encoder, BertScoreSetup.Resolved resolved) {
        ObjectMapper mapper = CliJson.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.put("metric", "bertscore");
        putScores(root, result.corpus());
        root.put("encoder", encoder.name());
        root.put("hash", resolved.hash());
        root.put("idf", idf);
        if (resolved.options().layer().isPresent()) {
            root.put("layer", resolved.options().layer().getAsInt());
        }
        root.put("rescaled", resolved.options().baseline().isPresent());
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

    private String toLine(BertScoreResult result, BertScoreSetup.Resolved resolved) {
        StringBuilder out = new StringBuilder();
        if (sentenceLevel) {
            for (PrecisionRecallF1 segment : result.segments()) {
                out.append(format(segment)).append('\n');
            }
        }
        // bert_score's CLI prints "{hash} P: .. R: .. F1: .."
        out.append(resolved.hash()).append(' ').append(format(result.corpus()));
        return out.toString();
    }

    private static String format(PrecisionRecallF1 s) {
        return String.format(Locale.ROOT, "P: %.6f R: %.6f F1: %.6f", s.precision(), s.recall(), s.f1());
    }
}
