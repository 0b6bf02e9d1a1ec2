package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "classification", mixinStandardHelpOptions = true, description = "Score with classification.")
public final class ClassificationScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score classification: not implemented yet");
        return 2;
    }
}
