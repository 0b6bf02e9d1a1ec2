package org.slmcluster.runtime.cli;

import java.nio.file.Path;
import org.slmcluster.runtime.platform.DataDirectory;
import picocli.CommandLine.Option;

/** {@code --data-dir}, as every command that reads or writes jobs, ledgers, the cache or collections takes it. */
final class DataDirOption {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Jobs, ledgers, the response cache and collections (default: -Dslm.data.dir, "
                    + "$SLM_DATA_DIR, else ~/.slm).")
    Path dataDir;

    /** The directory given, else the default one. */
    Path directory() {
        return dataDir != null ? dataDir : DataDirectory.defaultDirectory();
    }

    boolean given() {
        return dataDir != null;
    }
}
