package org.slmcluster.runtime.http;

import java.util.Arrays;
import java.util.Locale;

/** What a token may do; each role includes the ones before it. */
public enum AccessRole {
    /** Every GET: nodes, topology, models, jobs, ledgers, metrics, cluster members. */
    READ,
    /** Read, and generate: tasks, chat and text completions. */
    GENERATE,
    /** Everything: jobs started and cancelled, members made to leave or downed. */
    ADMIN;

    boolean includes(AccessRole needed) {
        return rank() >= needed.rank();
    }

    private int rank() {
        return switch (this) {
            case READ -> 0;
            case GENERATE -> 1;
            case ADMIN -> 2;
        };
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AccessRole parse(String name) {
        return Arrays.stream(values())
                .filter(role -> role.configName()
                        .equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown role '" + name + "' in slm.http.tokens (use read, generate or admin)"));
    }
}
