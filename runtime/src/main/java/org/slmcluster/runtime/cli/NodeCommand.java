package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that implements 'node'.
@Command(name = "node", mixinStandardHelpOptions = true, description = "Start one cluster member.")
public final class NodeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm node: not implemented yet");
        return 2;
    }
}
