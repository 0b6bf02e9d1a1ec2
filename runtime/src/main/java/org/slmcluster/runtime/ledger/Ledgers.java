package org.slmcluster.runtime.ledger;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import com.typesafe.config.Config;
import org.slmcluster.runtime.evaluation.ScoredItem;

/**
 * The per-model score ledgers: one event-sourced actor per model ({@code ledger-<model>} persistence id)
 * on pekko-persistence-jdbc, H2 in file mode under {@code <data>/ledger/} by default. They run in their
 * own local ActorSystem on the coordinator's host, next to the job manager. Blocking methods wait at
 * most {@link #ASK_TIMEOUT}.
 */
public final class Ledgers implements AutoCloseable {

    public static final java.time.Duration ASK_TIMEOUT = java.time.Duration.ofSeconds(30);

    private Ledgers() {
    }

    /** Opens (creating if needed) the embedded H2 ledger store under {@code dataDir/ledger}. */
    public static Ledgers open(Path dataDir) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Opens with explicit settings layered over {@code slm-persistence.conf} (e.g. a PostgreSQL
     * {@code slm.ledger.jdbc} section); {@code dataDir} still locates the default H2 file.
     */
    public static Ledgers open(Path dataDir, Config overrides) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Records the item once: completes with true when it was new, false for a repeat of a recorded id. */
    public CompletionStage<Boolean> record(ScoredItem item) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The models that have a ledger, sorted. */
    public List<String> models() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The model's summary per task; an empty view for an unknown model. */
    public ModelView view(String model) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The recorded items of one model and task, sorted by id. */
    public List<ScoredItem> items(String model, String task) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every recorded item of one model, sorted by id. */
    public List<ScoredItem> items(String model) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Ids ({@link org.slmcluster.runtime.evaluation.TaskKey#id()}) recorded for the model. */
    public Set<String> recordedIds(String model) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops the ledger system (everything recorded is already durable). */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
