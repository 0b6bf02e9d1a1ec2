package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuOptions;
import org.slmcluster.evaluators.mt.BleuTokenizer;
import org.slmcluster.evaluators.mt.SmoothMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slm score bleu}: corpus (and sentence) BLEU exactly as sacreBLEU 2.x computes it. */
@Command(
        name = "bleu",
        mixinStandardHelpOptions = true,
        description = "BLEU as sacreBLEU 2.x computes it (same options, same numbers).")
public final class BleuScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SacrebleuInputs inputs;

    @Option(
            names = {"--sentence-level", "-sl"},
            description = "Also score every segment (with effective order, as sacreBLEU does).")
    boolean sentenceLevel;

    @Option(
            names = {"--tokenize", "-tok"},
            defaultValue = "13a",
            paramLabel = "TOK",
            description = "Tokenizer: 13a, intl, zh (sacreBLEU's default for Chinese targets), char or none "
                    + "(default: ${DEFAULT-VALUE}).")
    String tokenize;

    @Option(
            names = {"--smooth-method", "-s"},
            defaultValue = "exp",
            paramLabel = "METHOD",
            description = "Smoothing: exp, floor, add-k or none (default: ${DEFAULT-VALUE}).")
    String smoothMethod;

    @Option(
            names = {"--smooth-value", "-sv"},
            paramLabel = "VALUE",
            description = "Value for floor (default 0.1) and add-k (default 1).")
    Double smoothValue;

    @Option(
            names = {"--lowercase", "-lc"},
            description = "Case-insensitive BLEU.")
    boolean lowercase;

    @Option(
            names = "--max-ngram-order",
            defaultValue = "4",
            paramLabel = "N",
            description = "Largest n-gram order (default: ${DEFAULT-VALUE}).")
    int maxNgramOrder;

    @Override
    public Integer call() throws JsonProcessingException {
        BleuOptions options;
        try {
            options = new BleuOptions(
                    BleuTokenizer.fromName(tokenize),
                    lowercase,
                    SmoothMethod.fromName(smoothMethod),
                    smoothValue,
                    maxNgramOrder,
                    false);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        inputs.score(
                spec.commandLine().getOut(),
                sentenceLevel,
                new Bleu(options),
                new Bleu(options.withEffectiveOrder(true)));
        return 0;
    }
}
