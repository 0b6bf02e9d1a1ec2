package org.slmcluster.runtime.models;

import java.util.Locale;

/**
 * Where a llama.cpp model runs: in an engine process of its own, supervised by the member ({@code process},
 * the default of {@code slm node start}), or inside the member's JVM ({@code in-process}: embedding
 * applications, the embedded cluster, tests).
 */
public enum EngineIsolation {
    PROCESS("process"),
    IN_PROCESS("in-process");

    private final String configName;

    EngineIsolation(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static EngineIsolation parse(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (EngineIsolation isolation : values()) {
            if (isolation.configName.equals(normalized)) {
                return isolation;
            }
        }
        throw new IllegalArgumentException("unknown isolation '" + value + "' (expected process or in-process)");
    }
}
