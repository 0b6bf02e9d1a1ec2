package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that implements 'models'.
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, pull and verify models.")
public final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm models: not implemented yet");
        return 2;
    }
}
