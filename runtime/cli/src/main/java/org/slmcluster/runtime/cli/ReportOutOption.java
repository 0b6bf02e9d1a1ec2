package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --out}: where a job's report goes. */
final class ReportOutOption {

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: <data-dir>/jobs/<job>/report).")
    Path out;

    Optional<Path> folder() {
        return Optional.ofNullable(out);
    }
}
