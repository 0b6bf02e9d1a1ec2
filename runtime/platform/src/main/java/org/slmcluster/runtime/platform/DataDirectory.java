package org.slmcluster.runtime.platform;

import com.typesafe.config.Config;
import java.nio.file.Path;

/**
 * Where jobs, ledgers, the response cache and document collections live: one folder for all of them, so
 * that an answer, its ledger record and the collection it was retrieved from stay together. Without an
 * explicit choice: {@code -Dslm.data.dir}, else {@code $SLM_DATA_DIR}, else {@code ~/.slm} (next to
 * {@code ~/.slm/models}, where pulled models go), whatever the working directory.
 */
public final class DataDirectory {

    public static final String PROPERTY = "slm.data.dir";
    public static final String ENV = "SLM_DATA_DIR";
    /** The node-config key that chooses it for a member (the coordinator's jobs, ledgers and collections). */
    public static final String CONFIG_KEY = "slm.data-dir";

    private DataDirectory() {}

    public static Path defaultDirectory() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".slm");
    }

    /** {@value #CONFIG_KEY} from a member's config, else {@link #defaultDirectory()}. */
    public static Path of(Config config) {
        return config.hasPath(CONFIG_KEY) ? Path.of(config.getString(CONFIG_KEY)) : defaultDirectory();
    }
}
