package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config}: the cluster.conf whose models a cluster started by this command runs. */
final class ClusterConfOption {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "cluster.conf defining the models (default: the installation's cluster.conf).")
    Path config;

    Optional<Path> file() {
        return Optional.ofNullable(config);
    }
}
