package org.slmcluster.runtime.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.DriftAlerts;
import org.slmcluster.runtime.ledger.DriftDetector;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.ScoreHistory;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.platform.DiskFull;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;

/**
 * Evaluation jobs on the coordinator: start, resume, cancel, follow. A job runs a suite on several models;
 * the {@link JobPlanner} expands it into tasks (model x task x item x seed), the {@link JobExecutor} answers
 * each from the response cache or the cluster, scores it and records it in the model's ledger, a
 * {@link ProgressTracker} counts, and the {@link ManifestWriter} records what was used. Job state is durable
 * in the {@link JobJournal} ({@code <data>/jobs/<id>/} by default, or the ledgers' database); the ledgers
 * are the record of what is done, so {@link #resume} runs only the task ids a model's ledger lacks (or holds
 * for another prompt).
 */
public final class JobManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param dataDir        root of {@code jobs/} and {@code cache/}
     * @param maxInFlight    tasks of one job dispatched at once
     * @param taskDeadline   deadline of one generation (the dispatcher retries on other nodes within it)
     * @param topology       recorded in manifests
     * @param driftThreshold the smallest significant mean score change against the baseline that raises a
     *                       drift alert ({@code slm.alerts.drift-threshold}; 0 = any significant change)
     */
    public record Settings(
            Path dataDir,
            int maxInFlight,
            Duration taskDeadline,
            RunManifest.Topology topology,
            double driftThreshold) {

        /** The configuration key of {@link #driftThreshold()}. */
        public static final String DRIFT_THRESHOLD_KEY = "slm.alerts.drift-threshold";

        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
            }
            if (!(driftThreshold >= 0) || Double.isInfinite(driftThreshold)) {
                throw new IllegalArgumentException(
                        DRIFT_THRESHOLD_KEY + " must be a number of 0 or more, got " + driftThreshold);
            }
        }

        public static Settings defaults(Path dataDir) {
            return new Settings(
                    dataDir,
                    8,
                    Duration.ofSeconds(120),
                    new RunManifest.Topology(0, 0, "root"),
                    DriftDetector.DEFAULT_THRESHOLD);
        }

        public Settings withMaxInFlight(int value) {
            return new Settings(dataDir, value, taskDeadline, topology, driftThreshold);
        }

        public Settings withTaskDeadline(Duration value) {
            return new Settings(dataDir, maxInFlight, value, topology, driftThreshold);
        }

        public Settings withTopology(int arity, int depth) {
            return new Settings(
                    dataDir, maxInFlight, taskDeadline, new RunManifest.Topology(arity, depth, "root"), driftThreshold);
        }

        public Settings withDriftThreshold(double value) {
            return new Settings(dataDir, maxInFlight, taskDeadline, topology, value);
        }
    }

    private final Settings settings;
    private final JobJournal journal;
    private final Ledgers ledgers;
    private final ResponseCache cache;
    private final JobPlanner planner;
    private final JobExecutor executor;
    private final ManifestWriter manifests;
    private final Map<String, RunningJob> runs = new ConcurrentHashMap<>();
    private final ModelWeights weights;
    private final ScoreHistory history;
    private final DriftAlerts alerts;
    private final DriftDetector drift;
    private volatile boolean closed;

    /**
     * @param catalogue the cluster's models (name -> spec), for manifests and cache keys; may be a live view
     * @param retriever RAG context choice ({@link CollectionRetriever} on the coordinator)
     */
    public JobManager(
            Settings settings,
            GenerationBackend backend,
            Map<String, ModelSpec> catalogue,
            Ledgers ledgers,
            ItemEvaluator evaluator,
            ContextRetriever retriever) {
        this(settings, JobJournal.files(settings.dataDir()), backend, catalogue, ledgers, evaluator, retriever);
    }

    /** As the other constructor, with the jobs recorded in {@code journal} instead of under the data dir. */
    public JobManager(
            Settings settings,
            JobJournal journal,
            GenerationBackend backend,
            Map<String, ModelSpec> catalogue,
            Ledgers ledgers,
            ItemEvaluator evaluator,
            ContextRetriever retriever) {
        this.settings = settings;
        this.journal = journal;
        this.ledgers = ledgers;
        this.cache = ResponseCache.open(settings.dataDir());
        this.weights = new ModelWeights(catalogue);
        this.history = new ScoreHistory(settings.dataDir());
        this.alerts = new DriftAlerts(settings.dataDir());
        this.drift = new DriftDetector(settings.driftThreshold());
        this.planner = new JobPlanner(catalogue, retriever, evaluator.options());
        this.executor = new JobExecutor(
                backend, cache, evaluator, ledgers, weights, settings.maxInFlight(), settings.taskDeadline());
        this.manifests = new ManifestWriter(journal, weights, settings.topology());
    }

    public Settings settings() {
        return settings;
    }

    public Ledgers ledgers() {
        return ledgers;
    }

    public ResponseCache cache() {
        return cache;
    }

    /**
     * Validates the suite (a malformed suite throws before anything is dispatched or written), writes the
     * job record and manifest, and starts the job in the background.
     *
     * @throws SuiteException           the suite's problems, one {@code file:line: reason} each
     * @throws IllegalArgumentException a model is not in the catalogue
     */
    public JobHandle start(JobSpec spec) throws SuiteException {
        return start(spec, null);
    }

    /**
     * As {@link #start(JobSpec)}, recording in the job what started it ({@code startedBy}, e.g. a schedule).
     */
    public JobHandle start(JobSpec spec, String startedBy) throws SuiteException {
        Suite suite = SuiteLoader.load(spec.suiteDirectory());
        JobPlan plan = planner.plan(suite, spec.models(), spec.seeds());
        String now = Instant.now().toString();
        JobRecord record = new JobRecord(
                newId(),
                spec.suiteDirectory().toAbsolutePath().normalize().toString(),
                suite.name(),
                suite.contentHash(),
                spec.models(),
                spec.seeds(),
                plan.taskSeeds(),
                plan.totals(),
                JobState.RUNNING,
                now,
                now,
                startedBy);
        try {
            journal.write(record);
        } catch (UncheckedIOException e) {
            // e.g. a full disk: no half-made job directory is left to be listed or resumed
            deleteEmptyJobDirectory(record.id());
            throw e;
        }
        return launch(record, plan, false);
    }

    /**
     * Continues a job that is not running: only the task ids missing from the ledgers (or recorded for
     * another prompt) are run.
     *
     * @throws IllegalArgumentException no such job
     * @throws IllegalStateException    the job is running, or its suite changed since it started
     */
    public synchronized JobHandle resume(String jobId) throws SuiteException {
        if (closed) {
            throw new IllegalStateException("the job manager is closed");
        }
        RunningJob running = runs.get(jobId);
        if (running != null && !running.state().finished()) {
            throw new IllegalStateException("job " + jobId + " is running");
        }
        JobRecord record = journal.read(jobId);
        Suite suite = SuiteLoader.load(Path.of(record.suiteDirectory()));
        if (!suite.contentHash().equals(record.suiteHash())) {
            throw new IllegalStateException("the suite at " + record.suiteDirectory() + " changed since job " + jobId
                    + " started (sha256 " + record.suiteHash() + ", now " + suite.contentHash() + "): start a new job");
        }
        JobPlan plan = planner.plan(suite, record.models(), record.seeds());
        JobRecord resumed = record.withState(JobState.RUNNING, Instant.now().toString());
        journal.write(resumed);
        return launch(resumed, plan, true);
    }

    /**
     * Ids of the jobs a previous coordinator left unfinished: their record says RUNNING (the process died) or
     * INTERRUPTED (it was shut down mid-job), and they do not run here. Oldest first.
     */
    public List<String> interrupted() {
        List<String> found = new ArrayList<>();
        for (String id : jobs()) {
            if (runs.containsKey(id)) {
                continue;
            }
            try {
                JobState state = journal.read(id).state();
                if (state == JobState.RUNNING || state == JobState.INTERRUPTED) {
                    found.add(id);
                }
            } catch (RuntimeException e) {
                log.warn("job {}: cannot read its record: {}", id, e.getMessage());
            }
        }
        return found;
    }

    /**
     * Resumes every {@link #interrupted()} job in the background, each once {@code availability} says the
     * cluster hosts its models (checked every second, for at most {@code patience}; a job still waiting then
     * stays interrupted, for {@code slm jobs resume}). Until it resumes, its progress says INTERRUPTED.
     */
    public void resumeInterrupted(ModelAvailability availability, Duration patience) {
        List<String> pending = interrupted();
        if (pending.isEmpty()) {
            return;
        }
        log.info("jobs interrupted by the previous coordinator, to resume: {}", pending);
        Thread resumer = new Thread(() -> resumeWhenHosted(pending, availability, patience), "slm-job-resumer");
        resumer.setDaemon(true);
        resumer.start();
    }

    private void resumeWhenHosted(List<String> pending, ModelAvailability availability, Duration patience) {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        for (String id : pending) {
            List<String> models;
            try {
                models = journal.read(id).models();
            } catch (RuntimeException e) {
                log.warn("job {}: not resumed, its record cannot be read: {}", id, e.getMessage());
                continue;
            }
            while (!closed && !hosted(availability, models) && System.nanoTime() < giveUpAt) {
                try {
                    // the cluster's membership settles over seconds; nothing to wait on but time
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (closed) {
                return;
            }
            if (!hosted(availability, models)) {
                log.warn(
                        "job {}: not resumed, no member hosted {} within {} s; 'slm jobs resume {}' when they are up",
                        id,
                        models,
                        patience.toSeconds(),
                        id);
                continue;
            }
            try {
                resume(id);
                log.info("job {} resumed after the coordinator restarted", id);
            } catch (SuiteException | RuntimeException e) {
                log.error("job {}: could not be resumed: {}", id, e.getMessage());
            }
        }
    }

    private static boolean hosted(ModelAvailability availability, List<String> models) {
        try {
            return availability.hosted(models);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops dispatching new tasks; answers already in flight are still recorded. False when not running. */
    public boolean cancel(String jobId) {
        RunningJob run = runs.get(jobId);
        if (run == null || run.state().finished()) {
            return false;
        }
        run.cancel();
        return true;
    }

    /** Progress of a job of this manager, or (from disk and the ledgers) of an earlier run; empty if unknown. */
    public Optional<JobProgress> progress(String jobId) {
        RunningJob run = runs.get(jobId);
        if (run != null) {
            return Optional.of(run.snapshot());
        }
        JobRecord record;
        try {
            record = journal.read(jobId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(RecordedProgress.of(record, ledgers));
    }

    /** Ids of the recorded jobs, oldest first. */
    public List<String> jobs() {
        return journal.ids();
    }

    /** What started the job when it was not a user (a schedule), empty otherwise or for an unknown job. */
    public Optional<String> startedBy(String jobId) {
        try {
            return Optional.ofNullable(journal.read(jobId).startedBy());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The job's manifest ({@code <data>/jobs/<id>/manifest.json}, or its row in the ledgers' database). */
    public Optional<RunManifest> manifest(String jobId) {
        return journal.manifest(jobId);
    }

    /**
     * Stops running jobs (they end INTERRUPTED, so the next manager on this data dir resumes them), waits up to
     * 10 s for their in-flight answers, and closes the response cache.
     */
    @Override
    public void close() {
        closed = true;
        runs.values().forEach(RunningJob::interrupt);
        for (RunningJob run : runs.values()) {
            try {
                run.completion.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }
        executor.close();
        cache.close();
    }

    private JobHandle launch(JobRecord record, JobPlan plan, boolean skipRecorded) {
        RunningJob run = new RunningJob(record, plan);
        plan.notes().forEach(note -> log.warn("job {}: {}", record.id(), note));
        runs.put(record.id(), run);
        manifests.write(run);
        Thread runner = new Thread(
                () -> {
                    executor.execute(run, skipRecorded);
                    finish(run);
                },
                "slm-job-" + record.id());
        runner.setDaemon(true);
        runner.start();
        return new JobHandle(record.id(), run.completion);
    }

    private void finish(RunningJob run) {
        JobState state = run.endState();
        run.breakCause().ifPresent(cause -> run.stopReason(stopReason(cause)));
        run.ended(state, Instant.now());
        try {
            journal.write(run.record());
            manifests.write(run);
        } catch (RuntimeException e) {
            log.error("job {}: could not write its final state: {}", run.id(), e.toString());
        }
        recordHistory(run);
        log.info(
                "job {} {}: {} of {} done, {} failed, {} from the cache",
                run.id(),
                state,
                run.progress.done(),
                run.progress.total(),
                run.progress.failed(),
                run.progress.cached());
        run.completion.complete(run.snapshot());
    }

    private void deleteEmptyJobDirectory(String id) {
        try {
            Files.deleteIfExists(JobRecord.directory(settings.dataDir(), id));
        } catch (IOException e) {
            log.warn("job {}: could not remove its directory after a failed start: {}", id, e.toString());
        }
    }

    /**
     * Why a run was broken off, for the job's progress: a full disk says so and names the data directory (the
     * ledger's own failure often reaches the job as a timeout only, so the directory is probed), else the cause.
     */
    private String stopReason(Throwable cause) {
        return DiskFull.probe(settings.dataDir())
                .or(() -> DiskFull.reason(cause))
                .map(full -> full + "; free space, then resume the job")
                .orElseGet(() -> "stopped: " + cause);
    }

    /** One point per model of the job in its score history, from its ledger view now. */
    private void recordHistory(RunningJob run) {
        Instant now = Instant.now();
        for (String model : run.record().models()) {
            try {
                ObjectNode point = history.append(
                        run.id(),
                        run.record().suiteName(),
                        run.record().state().name(),
                        model,
                        weights.hash(model),
                        ledgers.items(model),
                        drift,
                        now);
                alerts.raise(point);
            } catch (RuntimeException e) {
                log.error("job {}: could not record the score history of {}: {}", run.id(), model, e.toString());
            }
        }
    }

    /** Drift alerts raised when a run differs from its model's baseline. */
    public DriftAlerts alerts() {
        return alerts;
    }

    /** The score history of every model, kept under the data directory. */
    public ScoreHistory history() {
        return history;
    }

    private static String newId() {
        return ID_TIME.format(Instant.now()) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
