package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "seqeval", mixinStandardHelpOptions = true, description = "Score with seqeval.")
public final class SeqevalScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score seqeval: not implemented yet");
        return 2;
    }
}
