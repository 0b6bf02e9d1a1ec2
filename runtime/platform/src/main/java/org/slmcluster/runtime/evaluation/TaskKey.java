package org.slmcluster.runtime.evaluation;

import java.util.Objects;

/**
 * Identifies one generation of a job: an item of a task of a suite, run with one seed. A ledger records
 * each key at most once per model, so {@link #id()} is the unit of idempotence and resumption.
 */
public record TaskKey(String suite, String task, String item, long seed) {

    public TaskKey {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(item, "item");
    }

    /** {@code suite/task/item@seed}: stable, used as the ledger key. */
    public String id() {
        return suite + "/" + task + "/" + item + "@" + seed;
    }

    @Override
    public String toString() {
        return id();
    }
}
