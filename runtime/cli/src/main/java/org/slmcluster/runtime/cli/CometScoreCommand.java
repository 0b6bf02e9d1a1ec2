package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.comet.CometModel;
import org.slmcluster.evaluators.comet.CometResult;
import org.slmcluster.evaluators.encoder.EncoderException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slm score comet}: a COMET regression metric (wmt22-comet-da's architecture) from a model directory
 * the user exported (encoder with all hidden states + {@code estimator.safetensors}; docs/encoders.md).
 * Prints like unbabel-comet's {@code comet-score}: one {@code FILE\tSegment i\tscore: x} line per segment,
 * then {@code FILE\tscore: y}, the mean.
 */
@Command(
        name = "comet",
        mixinStandardHelpOptions = true,
        description = {
            "Score translations with a COMET model directory (encoder export + estimator.safetensors).",
            "Real COMET numbers need your export of the real checkpoint (e.g. wmt22-comet-da); see docs/encoders.md."
        })
public final class CometScoreCommand implements Callable<Integer> {

    @Option(names = "--src", required = true, paramLabel = "FILE", description = "Sources, one per line.")
    String src;

    @Option(names = "--hyps", required = true, paramLabel = "FILE", description = "Hypotheses, one per line.")
    String hyps;

    @Option(names = "--refs", required = true, paramLabel = "FILE", description = "References, one per line.")
    String refs;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "COMET model directory: model.onnx (all hidden states as outputs), tokenizer.json, "
                    + "estimator.safetensors.")
    Path model;

    @Option(names = "--only-system", description = "Print only the system score (as comet-score --only_system).")
    boolean onlySystem;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        List<String> sources = SegmentFiles.read(src);
        List<String> hypotheses = SegmentFiles.read(hyps);
        List<String> references = SegmentFiles.read(refs);
        if (sources.size() != hypotheses.size() || references.size() != hypotheses.size()) {
            throw CliFailure.badInput("--src, --hyps and --refs must have as many lines: " + sources.size() + ", "
                    + hypotheses.size() + " and " + references.size());
        }
        CometResult result;
        String name;
        try (CometModel comet = load()) {
            name = comet.name();
            result = comet.comet().score(sources, hypotheses, references);
        }
        System.out.println(json ? toJson(result, name) : toLines(result));
        System.out.flush();
        return 0;
    }

    private CometModel load() {
        try {
            return CometModel.loadDirectory(model);
        } catch (EncoderException e) {
            throw CliFailure.badInput("--model: " + e.getMessage());
        }
    }

    private String toLines(CometResult result) {
        StringBuilder out = new StringBuilder();
        if (!onlySystem) {
            for (int i = 0; i < result.segments().size(); i++) {
                out.append(String.format(
                        Locale.ROOT,
                        "%s\tSegment %d\tscore: %.4f%n",
                        hyps,
                        i,
                        result.segments().get(i)));
            }
        }
        out.append(String.format(Locale.ROOT, "%s\tscore: %.4f", hyps, result.system()));
        return out.toString();
    }

    private static String toJson(CometResult result, String modelName) {
        ObjectNode root = CliJson.MAPPER.createObjectNode();
        root.put("metric", "comet");
        root.put("model", modelName);
        root.put("score", result.system());
        ArrayNode segments = root.putArray("segments");
        result.segments().forEach(segments::add);
        return root.toString();
    }
}
