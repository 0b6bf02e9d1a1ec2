package org.slmcluster.runtime.demo;

import java.nio.file.Path;

/**
 * Where jobs, ledgers and the response cache live when no {@code --data-dir} is given: {@code $SLM_DATA_DIR},
 * else {@code ~/.slm} (next to {@code ~/.slm/models}, where pulled models go), so results accumulate in one
 * place whatever the working directory.
 */
public final class DataDirectory {

    public static final String ENV = "SLM_DATA_DIR";

    private DataDirectory() {
    }

    public static Path defaultDirectory() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".slm");
    }
}
