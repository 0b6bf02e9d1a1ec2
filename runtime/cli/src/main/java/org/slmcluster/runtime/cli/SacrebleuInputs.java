package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slmcluster.evaluators.mt.MtMetric;
import org.slmcluster.evaluators.mt.MtScore;
import org.slmcluster.evaluators.mt.PreparedReferences;
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
    private record Segments(List<String> hypotheses, List<List<String>> references) {}

    private Segments read() {
        List<String> hypotheses = SegmentFiles.rstripped(SegmentFiles.read(hyps));
        List<List<String>> references = new ArrayList<>();
        for (List<String> stream : SegmentFiles.readReferences(refs, hypotheses.size())) {
            references.add(SegmentFiles.rstripped(stream));
        }
        return new Segments(hypotheses, references);
    }

    /**
     * Scores the inputs with {@code metric} and prints the corpus score (and, with {@code sentenceLevel},
     * the per-segment scores from {@code sentenceMetric}) as text lines (sentences first, corpus last) or
     * as one JSON object holding the signature and a "sentences" list.
     *
     * @param sentenceMetric scores the segments; BLEU's differs from the corpus metric (effective order)
     */
    <S extends MtScore> void score(
            PrintWriter out, boolean sentenceLevel, MtMetric<S> metric, MtMetric<S> sentenceMetric)
            throws JsonProcessingException {
        Segments segments = read();
        PreparedReferences<S> prepared = metric.prepare(segments.references());
        S corpus = prepared.corpusScore(segments.hypotheses());
        List<S> sentences = List.of();
        String sentenceSignature = prepared.signature();
        if (sentenceLevel) {
            PreparedReferences<S> perSegment =
                    sentenceMetric == metric ? prepared : sentenceMetric.prepare(segments.references());
            sentences = perSegment.sentenceScores(segments.hypotheses());
            sentenceSignature = perSegment.signature();
        }
        if (json) {
            Map<String, Object> result = corpus.toMap();
            result.put("signature", prepared.signature());
            if (sentenceLevel) {
                result.put("sentences", sentences.stream().map(MtScore::toMap).toList());
            }
            out.println(CliJson.MAPPER.writeValueAsString(result));
        } else {
            for (S sentence : sentences) {
                out.println(sentence.format(width, sentenceSignature));
            }
            out.println(corpus.format(width, prepared.signature()));
        }
        out.flush();
    }
}
