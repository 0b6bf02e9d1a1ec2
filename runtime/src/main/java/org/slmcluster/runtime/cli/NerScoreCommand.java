package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "ner", mixinStandardHelpOptions = true, description = "Score with ner.")
public final class NerScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score ner: not implemented yet");
        return 2;
    }
}
