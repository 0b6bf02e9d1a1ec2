package org.slmcluster.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that implements 'cluster'.
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Start or manage the cluster.")
public final class ClusterCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("slm cluster: not implemented yet");
        return 2;
    }
}
