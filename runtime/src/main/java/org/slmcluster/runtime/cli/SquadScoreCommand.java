package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "squad", mixinStandardHelpOptions = true, description = "Score with squad.")
public final class SquadScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score squad: not implemented yet");
        return 2;
    }
}
