package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that implements 'topology'.
@Command(name = "topology", mixinStandardHelpOptions = true, description = "Show the tree + De Bruijn topology, its figures and routes.")
public final class TopologyCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm topology: not implemented yet");
        return 2;
    }
}
