package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "bleu", mixinStandardHelpOptions = true, description = "Score with bleu.")
public final class BleuScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score bleu: not implemented yet");
        return 2;
    }
}
