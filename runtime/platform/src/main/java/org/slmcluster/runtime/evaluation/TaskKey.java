package org.slmcluster.runtime.evaluation;

import java.util.Objects;
import java.util.Optional;

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

    /** The key of an {@link #id()}; empty when {@code id} is not of that form. */
    public static Optional<TaskKey> parse(String id) {
        int firstSlash = id.indexOf('/');
        int secondSlash = firstSlash < 0 ? -1 : id.indexOf('/', firstSlash + 1);
        int at = id.lastIndexOf('@');
        if (firstSlash <= 0 || secondSlash <= firstSlash + 1 || at <= secondSlash + 1 || at == id.length() - 1) {
            return Optional.empty();
        }
        try {
            long seed = Long.parseLong(id.substring(at + 1));
            return Optional.of(new TaskKey(
                    id.substring(0, firstSlash),
                    id.substring(firstSlash + 1, secondSlash),
                    id.substring(secondSlash + 1, at),
                    seed));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
