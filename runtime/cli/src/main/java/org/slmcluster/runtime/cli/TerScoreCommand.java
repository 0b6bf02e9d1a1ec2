package org.slmcluster.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.Callable;
import org.slmcluster.evaluators.mt.Ter;
import org.slmcluster.evaluators.mt.TerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slm score ter}: translation edit rate exactly as sacreBLEU 2.x computes it. */
@Command(
        name = "ter",
        mixinStandardHelpOptions = true,
        description = "TER as sacreBLEU 2.x computes it (defaults replicate Tercom).")
public final class TerScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SacrebleuInputs inputs;

    @Option(
            names = {"--sentence-level", "-sl"},
            description = "Also score every segment.")
    boolean sentenceLevel;

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
        Ter ter = new Ter(options);
        inputs.score(spec.commandLine().getOut(), sentenceLevel, ter, ter);
        return 0;
    }
}
