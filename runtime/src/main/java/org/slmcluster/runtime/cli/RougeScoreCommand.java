package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "rouge", mixinStandardHelpOptions = true, description = "Score with rouge.")
public final class RougeScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score rouge: not implemented yet");
        return 2;
    }
}
