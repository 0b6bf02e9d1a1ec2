package org.slmcluster.runtime.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.SuiteException;

/**
 * Runs evaluation jobs on the coordinator: expands a {@link JobSpec} into tasks (model x task x item x
 * seed), serves answers from the response cache or dispatches them over the cluster, scores each with
 * the {@link ItemEvaluator} and records it in the model's ledger. Job state is durable under
 * {@code <data>/jobs/<id>/}; the ledgers are the record of what is done, so {@link #resume} runs only the
 * task ids a model's ledger lacks.
 */
public final class JobManager implements AutoCloseable {

    /**
     * @param dataDir      root of jobs/, cache/ (and the ledger's H2 files when the ledgers were opened there)
     * @param maxInFlight  tasks dispatched at once per job
     * @param taskDeadline deadline of one generation (the dispatcher retries on other nodes within it)
     * @param topology     recorded in manifests
     */
    public record Settings(Path dataDir, int maxInFlight, Duration taskDeadline, RunManifest.Topology topology) {

        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 4, Duration.ofSeconds(120), new RunManifest.Topology(0, 0, "root"));
        }

        public Settings withMaxInFlight(int value) {
            return new Settings(dataDir, value, taskDeadline, topology);
        }

        public Settings withTaskDeadline(Duration value) {
            return new Settings(dataDir, maxInFlight, value, topology);
        }

        public Settings withTopology(int arity, int depth) {
            return new Settings(dataDir, maxInFlight, taskDeadline, new RunManifest.Topology(arity, depth, "root"));
        }
    }

    /**
     * @param models     the cluster's model catalogue (name -> spec), for manifests and cache keys
     * @param retriever  RAG context choice (e.g. {@code new LexicalRetriever()})
     */
    public JobManager(Settings settings, GenerationBackend backend, Map<String, ModelSpec> models, Ledgers ledgers,
                      ItemEvaluator evaluator, ContextRetriever retriever) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Validates the suite (a malformed suite throws before anything is dispatched or written), writes the
     * job and its manifest, and starts it in the background.
     *
     * @throws SuiteException           the suite's problems, one {@code file:line: reason} each
     * @throws IllegalArgumentException a model is not in the catalogue
     */
    public JobHandle start(JobSpec spec) throws SuiteException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Continues a job that is not running: only the task ids missing from the ledgers are run. */
    public JobHandle resume(String jobId) throws SuiteException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops dispatching new tasks; answers already in flight are still recorded. False when not running. */
    public boolean cancel(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Progress of a running or finished job (also of jobs of earlier runs, from disk). */
    public Optional<JobProgress> progress(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Ids of the jobs under the data dir, oldest first. */
    public List<String> jobs() {
        throw new UnsupportedOperationException("not yet");
    }

    public Optional<RunManifest> manifest(String jobId) {
        throw new UnsupportedOperationException("not yet");
    }

    public Ledgers ledgers() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Cancels running jobs and waits briefly for in-flight answers; does not close the ledgers. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
