package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slm score chrf}: chrF / chrF++ exactly as sacreBLEU 2.x computes them. */
@Command(
        name = "chrf",
        mixinStandardHelpOptions = true,
        description = "chrF (and chrF++ with --chrf-word-order 2) as sacreBLEU 2.x computes them.")
public final class ChrfScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SacrebleuInputs inputs;

    @Option(
            names = {"--sentence-level", "-sl"},
            description = "Also score every segment.")
    boolean sentenceLevel;

    @Option(
            names = {"--chrf-char-order", "-cc"},
            defaultValue = "6",
            paramLabel = "N",
            description = "Character n-gram order (default: ${DEFAULT-VALUE}).")
    int charOrder;

    @Option(
            names = {"--chrf-word-order", "-cw"},
            defaultValue = "0",
            paramLabel = "N",
            description = "Word n-gram order; 2 gives chrF++ (default: ${DEFAULT-VALUE}).")
    int wordOrder;

    @Option(
            names = "--chrf-beta",
            defaultValue = "2",
            paramLabel = "BETA",
            description = "Weight of recall over precision (default: ${DEFAULT-VALUE}).")
    int beta;

    @Option(names = "--chrf-whitespace", description = "Include whitespace in character n-grams.")
    boolean whitespace;

    @Option(
            names = {"--lowercase", "--chrf-lowercase", "-lc"},
            description = "Case-insensitive chrF.")
    boolean lowercase;

    @Option(
            names = "--chrf-eps-smoothing",
            description = "Epsilon smoothing like chrF++.py, NLTK and Moses instead of effective-order averaging.")
    boolean epsSmoothing;

    @Override
    public Integer call() throws JsonProcessingException {
        ChrfOptions options;
        try {
            options = new ChrfOptions(charOrder, wordOrder, beta, lowercase, whitespace, epsSmoothing);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        Chrf chrf = new Chrf(options);
        inputs.score(spec.commandLine().getOut(), sentenceLevel, chrf, chrf);
        return 0;
    }
}
