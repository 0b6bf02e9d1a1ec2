package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "chrf", mixinStandardHelpOptions = true, description = "Score with chrf.")
public final class ChrfScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score chrf: not implemented yet");
        return 2;
    }
}
