package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.mt.Ter;
import org.slmcluster.evaluators.mt.TerOptions;
import org.slmcluster.evaluators.mt.TerReferences;
import org.slmcluster.evaluators.mt.TerScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slm score ter}: translation edit rate exactly as sacreBLEU 2.x computes it. */
@Command(name = "ter", mixinStandardHelpOptions = true,
        description = "TER as sacreBLEU 2.x computes it (defaults replicate Tercom).")
public final class TerScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--hyps", "-i"}, paramLabel = "FILE",
            description = "Hypotheses, one segment per line ('-' or absent: standard input).")
    String hyps;

    @Option(names = "--refs", paramLabel = "FILE", required = true,
            description = "References, one segment per line; repeat for several reference sets.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object with full-precision numbers.")
    boolean json;

    @Option(names = {"--sentence-level", "-sl"}, description = "Also score every segment.")
    boolean sentenceLevel;

    @Option(names = {"--width", "-w"}, defaultValue = "1", description = "Decimals in the text output (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--ter-normalized", description = "Apply basic normalization and tokenization.")
    boolean normalized;

    @Option(names = "--ter-no-punct", description = "Remove punctuation.")
    boolean noPunct;

    @Option(names = "--ter-case-sensitive", description = "Case-sensitive TER (default: case-insensitive).")
    boolean caseSensitive;

    @Option(names = "--ter-asian-support", description = "Special treatment of Asian characters.")
    boolean asianSupport;

    @Override
    public Integer call() throws JsonProcessingException {
        TerOptions options = new TerOptions(normalized, noPunct, asianSupport, caseSensitive);
        List<String> hypotheses = SegmentFiles.rstripped(SegmentFiles.read(hyps));
        List<List<String>> references = new ArrayList<>();
        for (List<String> stream : SegmentFiles.readReferences(refs, hypotheses.size())) {
            references.add(SegmentFiles.rstripped(stream));
        }
        TerReferences prepared = new Ter(options).prepare(references);
        TerScore corpus = prepared.corpusScore(hypotheses);
        List<TerScore> sentences = sentenceLevel ? prepared.sentenceScores(hypotheses) : List.of();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = corpus.toMap();
            result.put("signature", prepared.signature());
            if (sentenceLevel) {
                result.put("sentences", sentences.stream().map(TerScore::toMap).toList());
            }
            out.println(new ObjectMapper().writeValueAsString(result));
        } else {
            for (TerScore sentence : sentences) {
                out.println(sentence.format(width, prepared.signature()));
            }
            out.println(corpus.format(width, prepared.signature()));
        }
        out.flush();
        return 0;
    }
}
