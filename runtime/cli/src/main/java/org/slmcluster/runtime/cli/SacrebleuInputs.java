package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options and the input/output rules that {@code slm score bleu}, {@code chrf} and {@code ter} share
 * with sacreBLEU's CLI: segments are right-stripped, every reference stream must match the hypotheses
 * line for line, and the report is either sacreBLEU's text lines or one JSON object. Used as a picocli
 * {@code @Mixin}; {@code --sentence-level} stays with each command because its help text differs.
 */
final class SacrebleuInputs {

    @Option(
            names = {"--hyps", "-i"},
            paramLabel = "FILE",
            description = "Hypotheses, one segment per line ('-' or absent: standard input).")
    String hyps;

    @Option(
            names = "--refs",
            paramLabel = "FILE",
            required = true,
            description = "References, one segment per line; repeat for several reference sets.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(
            names = {"--width", "-w"},
            defaultValue = "1",
            description = "Decimals in the text output (default: ${DEFAULT-VALUE}).")
    int width;

    /** Hypotheses and reference streams as sacreBLEU reads them. */
    record Segments(List<String> hypotheses, List<List<String>> references) {}

    Segments read() {
        List<String> hypotheses = SegmentFiles.rstripped(SegmentFiles.read(hyps));
        List<List<String>> references = new ArrayList<>();
        for (List<String> stream : SegmentFiles.readReferences(refs, hypotheses.size())) {
            references.add(SegmentFiles.rstripped(stream));
        }
        return new Segments(hypotheses, references);
    }

    /**
     * Prints the corpus score (and, with {@code sentenceLevel}, the per-segment scores) as text lines
     * (sentences first, corpus last) or as one JSON object holding the signature and a "sentences" list.
     *
     * @param sentenceSignature the signature printed on the sentence lines (BLEU's differs: effective order)
     * @param format renders one score with {@code --width} decimals and the given signature
     */
    <S> void print(
            PrintWriter out,
            boolean sentenceLevel,
            S corpus,
            List<S> sentences,
            String signature,
            String sentenceSignature,
            Function<S, Map<String, Object>> toMap,
            Formatter<S> format)
            throws JsonProcessingException {
        if (json) {
            Map<String, Object> result = toMap.apply(corpus);
            result.put("signature", signature);
            if (sentenceLevel) {
                result.put("sentences", sentences.stream().map(toMap).toList());
            }
            out.println(CliJson.MAPPER.writeValueAsString(result));
        } else {
            for (S sentence : sentences) {
                out.println(format.format(sentence, width, sentenceSignature));
            }
            out.println(format.format(corpus, width, signature));
        }
        out.flush();
    }

    /** A score's text line: {@code score.format(width, signature)}. */
    @FunctionalInterface
    interface Formatter<S> {
        String format(S score, int width, String signature);
    }
}
