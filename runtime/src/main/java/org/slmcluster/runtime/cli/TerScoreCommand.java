package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "ter", mixinStandardHelpOptions = true, description = "Score with ter.")
public final class TerScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score ter: not implemented yet");
        return 2;
    }
}
