package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the metrics issue.
@Command(name = "bertscore", mixinStandardHelpOptions = true, description = "Score with BERTScore.")
public final class BertScoreCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm score bertscore: not implemented yet");
        return 2;
    }
}
