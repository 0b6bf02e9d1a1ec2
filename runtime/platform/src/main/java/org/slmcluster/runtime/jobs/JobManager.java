package org.slmcluster.runtime.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.runtime.digest.Sha256;
import org.slmcluster.runtime.evaluation.Evaluation;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.ledger.LedgerJson;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RagJudgeDefinition;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLoader;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;

/**
 * Runs evaluation jobs on the coordinator: expands a {@link JobSpec} into tasks (model x task x item x
 * seed), serves answers from the response cache or dispatches them over the cluster, scores each with
 * the {@link ItemEvaluator} and records it in the model's ledger. Job state is durable under
 * {@code <data>/jobs/<id>/}; the ledgers are the record of what is done, so {@link #resume} runs only the
 * task ids a model's ledger lacks (or holds for another prompt).
 */
public final class JobManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param dataDir      root of {@code jobs/} and {@code cache/}
     * @param maxInFlight  tasks of one job dispatched at once
     * @param taskDeadline deadline of one generation (the dispatcher retries on other nodes within it)
     * @param topology     recorded in manifests
     */
    public record Settings(Path dataDir, int maxInFlight, Duration taskDeadline, RunManifest.Topology topology) {

        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
            }
        }

        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 8, Duration.ofSeconds(120), new RunManifest.Topology(0, 0, "root"));
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

    private final Settings settings;
    private final GenerationBackend backend;
    private final Map<String, ModelSpec> catalogue;
    private final Ledgers ledgers;
    private final ItemEvaluator evaluator;
    private final ContextRetriever retriever;
    private final ResponseCache cache;
    private final ExecutorService scoring;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, String> weightHashes = new ConcurrentHashMap<>();

    /**
     * @param catalogue  the cluster's models (name -> spec), for manifests and cache keys
     * @param retriever  RAG context choice ({@link CollectionRetriever} on the coordinator); closed with the manager when it is {@link AutoCloseable}
     */
    public JobManager(
            Settings settings,
            GenerationBackend backend,
            Map<String, ModelSpec> catalogue,
            Ledgers ledgers,
            ItemEvaluator evaluator,
            ContextRetriever retriever) {
        this.settings = settings;
        this.backend = backend;
        this.catalogue = Map.copyOf(catalogue);
        this.ledgers = ledgers;
        this.evaluator = evaluator;
        this.retriever = retriever;
        this.cache = ResponseCache.open(settings.dataDir());
        this.scoring = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "slm-job-scoring");
            thread.setDaemon(true);
            return thread;
        });
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
        Suite suite = SuiteLoader.load(spec.suiteDirectory());
        checkModels(spec.models());
        checkJudges(suite);
        String id = newId();
        List<WorkUnit> units = expand(suite, spec.models(), spec.seeds());
        String now = Instant.now().toString();
        JobRecord record = new JobRecord(
                id,
                spec.suiteDirectory().toAbsolutePath().normalize().toString(),
                suite.name(),
                suite.contentHash(),
                spec.models(),
                spec.seeds(),
                taskSeeds(suite, spec.seeds()),
                totals(units),
                JobState.RUNNING,
                now,
                now);
        record.write(settings.dataDir());
        return launch(record, suite, units, false);
    }

    /**
     * Continues a job that is not running: only the task ids missing from the ledgers (or recorded for
     * another prompt) are run.
     *
     * @throws IllegalArgumentException no such job
     * @throws IllegalStateException    the job is running, or its suite changed since it started
     */
    public JobHandle resume(String jobId) throws SuiteException {
        Run running = runs.get(jobId);
        if (running != null && !running.state.get().finished()) {
            throw new IllegalStateException("job " + jobId + " is running");
        }
        JobRecord record = JobRecord.read(settings.dataDir(), jobId);
        Suite suite = SuiteLoader.load(Path.of(record.suiteDirectory()));
        if (!suite.contentHash().equals(record.suiteHash())) {
            throw new IllegalStateException("the suite at " + record.suiteDirectory() + " changed since job " + jobId
                    + " started (sha256 " + record.suiteHash() + ", now " + suite.contentHash() + "): start a new job");
        }
        checkModels(record.models());
        checkJudges(suite);
        List<WorkUnit> units = expand(suite, record.models(), record.seeds());
        JobRecord resumed = record.withState(JobState.RUNNING, Instant.now().toString());
        resumed.write(settings.dataDir());
        return launch(resumed, suite, units, true);
    }

    /** Stops dispatching new tasks; answers already in flight are still recorded. False when not running. */
    public boolean cancel(String jobId) {
        Run run = runs.get(jobId);
        if (run == null || run.state.get().finished()) {
            return false;
        }
        run.cancelled = true;
        return true;
    }

    /** Progress of a job of this manager, or (from disk and the ledgers) of an earlier run; empty if unknown. */
    public Optional<JobProgress> progress(String jobId) {
        Run run = runs.get(jobId);
        if (run != null) {
            return Optional.of(run.progress());
        }
        JobRecord record;
        try {
            record = JobRecord.read(settings.dataDir(), jobId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(progressFromLedgers(record));
    }

    /** Ids of the jobs under the data dir, oldest first. */
    public List<String> jobs() {
        Path root = settings.dataDir().resolve("jobs");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var entries = Files.list(root)) {
            return entries.filter(dir -> Files.isRegularFile(dir.resolve(JobRecord.FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** The job's manifest ({@code <data>/jobs/<id>/manifest.json}). */
    public Optional<RunManifest> manifest(String jobId) {
        Path file = JobRecord.directory(settings.dataDir(), jobId).resolve(RunManifest.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerJson.mapper().readValue(file.toFile(), RunManifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Cancels running jobs, waits up to 10 s for their in-flight answers, and closes the response cache. */
    @Override
    public void close() {
        runs.values().forEach(run -> run.cancelled = true);
        for (Run run : runs.values()) {
            try {
                run.completion.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }
        scoring.shutdownNow();
        cache.close();
        if (retriever instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the RAG retriever failed", e);
            }
        }
    }

    // ---- expansion

    private void checkModels(List<String> models) {
        for (String model : models) {
            if (!catalogue.containsKey(model)) {
                throw new IllegalArgumentException(
                        "unknown model '" + model + "' (known: " + new TreeMap<>(catalogue).keySet() + ")");
            }
        }
    }

    /** A RAG task's judge must be a model of the cluster, with an encoder when its metrics need one. */
    private void checkJudges(Suite suite) {
        for (TaskDefinition task : suite.tasks()) {
            Optional<RagJudgeDefinition> judge = task.ragJudge();
            if (judge.isEmpty()) {
                continue;
            }
            if (!catalogue.containsKey(judge.get().model())) {
                throw new IllegalArgumentException("task " + task.id() + ": unknown judge model '"
                        + judge.get().model() + "' (known: " + new TreeMap<>(catalogue).keySet() + ")");
            }
            if (evaluator.options().sentenceEncoder().isEmpty()
                    && judge.get().metrics().stream().anyMatch(RagJudgeDefinition.NEED_ENCODER::contains)) {
                throw new IllegalArgumentException("task " + task.id() + ": judge metrics "
                        + RagJudgeDefinition.NEED_ENCODER + " need embedding metrics on this job manager");
            }
        }
    }

    private static List<Long> seedsOf(TaskDefinition task, List<Long> seeds) {
        return seeds.isEmpty() ? List.of(task.generation().seed()) : seeds;
    }

    private static Map<String, List<Long>> taskSeeds(Suite suite, List<Long> seeds) {
        Map<String, List<Long>> result = new LinkedHashMap<>();
        suite.tasks().forEach(task -> result.put(task.id(), seedsOf(task, seeds)));
        return result;
    }

    /** Items outermost, models innermost, so every model advances together. */
    private List<WorkUnit> expand(Suite suite, List<String> models, List<Long> seeds) {
        List<WorkUnit> units = new ArrayList<>();
        for (TaskDefinition task : suite.tasks()) {
            for (TaskItem item : task.items()) {
                RenderedPrompt prompt;
                List<String> retrievedIds = List.of();
                if (item instanceof RagItem rag) {
                    List<ContextChunk> context = retriever.retrieve(task, rag);
                    retrievedIds = context.stream().map(ContextChunk::id).toList();
                    prompt = PromptBuilder.build(task, rag, context);
                } else {
                    prompt = PromptBuilder.build(task, item);
                }
                for (long seed : seedsOf(task, seeds)) {
                    GenerationParameters parameters =
                            task.generation().withSeed(seed).toParameters();
                    TaskKey key = new TaskKey(suite.name(), task.id(), item.id(), seed);
                    for (String model : models) {
                        units.add(new WorkUnit(
                                model,
                                task,
                                item,
                                key,
                                prompt,
                                retrievedIds,
                                parameters,
                                task.generation().contextSize()));
                    }
                }
            }
        }
        return units;
    }

    private static Map<String, Map<String, Integer>> totals(List<WorkUnit> units) {
        Map<String, Map<String, Integer>> totals = new LinkedHashMap<>();
        for (WorkUnit unit : units) {
            totals.computeIfAbsent(unit.model(), m -> new LinkedHashMap<>())
                    .merge(unit.task().id(), 1, Integer::sum);
        }
        return totals;
    }

    private static String newId() {
        return ID_TIME.format(Instant.now()) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    // ---- running

    private JobHandle launch(JobRecord record, Suite suite, List<WorkUnit> units, boolean skipRecorded) {
        Run run = new Run(record, units);
        runs.put(record.id(), run);
        writeManifest(run, suite, units, null);
        Thread runner = new Thread(() -> execute(run, suite, units, skipRecorded), "slm-job-" + record.id());
        runner.setDaemon(true);
        runner.start();
        return new JobHandle(record.id(), run.completion);
    }

    private void execute(Run run, Suite suite, List<WorkUnit> units, boolean skipRecorded) {
        Semaphore permits = new Semaphore(settings.maxInFlight());
        try {
            Map<String, Map<String, ScoredItem>> recorded = new HashMap<>();
            if (skipRecorded) {
                for (String model : run.record.models()) {
                    Map<String, ScoredItem> items = new HashMap<>();
                    ledgers.items(model).forEach(item -> items.put(item.id(), item));
                    recorded.put(model, items);
                }
            }
            for (WorkUnit unit : units) {
                if (run.cancelled || run.broken.get() != null) {
                    break;
                }
                ScoredItem earlier =
                        skipRecorded ? recorded.get(unit.model()).get(unit.key().id()) : null;
                if (earlier != null && unit.prompt().sha256().equals(earlier.promptHash())) {
                    run.counts(unit).done.incrementAndGet();
                    run.judgeFailures(unit.model(), earlier.details());
                    continue;
                }
                String cacheKey = ResponseCache.key(
                        weightHash(unit.model()), unit.prompt(), unit.parameters(), unit.contextSize());
                permits.acquire();
                if (run.cancelled || run.broken.get() != null) {
                    permits.release();
                    break;
                }
                Optional<CachedResponse> hit = cache.get(cacheKey);
                if (hit.isPresent()) {
                    scoring.execute(() -> {
                        try {
                            score(run, unit, hit.get(), true);
                        } finally {
                            permits.release();
                        }
                    });
                    continue;
                }
                String taskId =
                        run.record.id() + "|" + unit.model() + "|" + unit.key().id();
                try {
                    backend.submit(
                                    taskId,
                                    unit.model(),
                                    unit.prompt().toRequest(unit.parameters()),
                                    settings.taskDeadline())
                            .whenCompleteAsync(
                                    (result, error) -> {
                                        try {
                                            onResult(run, unit, cacheKey, result, error);
                                        } finally {
                                            permits.release();
                                        }
                                    },
                                    scoring);
                } catch (RuntimeException e) {
                    permits.release();
                    onResult(run, unit, cacheKey, null, e);
                }
            }
            permits.acquire(settings.maxInFlight());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.broken.compareAndSet(null, e);
        } catch (RuntimeException e) {
            log.error("job {} stopped: {}", run.record.id(), e.toString());
            run.broken.compareAndSet(null, e);
        }
        finish(run, suite, units);
    }

    private void onResult(Run run, WorkUnit unit, String cacheKey, TaskResult result, Throwable error) {
        if (error != null || !(result instanceof TaskResult.Completed completed)) {
            String reason = error != null
                    ? error.toString()
                    : ((TaskResult.Failed) result).kind() + ": " + ((TaskResult.Failed) result).reason();
            log.warn("job {}: task {} on {} failed: {}", run.record.id(), unit.key(), unit.model(), reason);
            run.counts(unit).failed.incrementAndGet();
            return;
        }
        var generated = completed.result();
        CachedResponse response = new CachedResponse(
                cacheKey,
                unit.model(),
                generated.text(),
                generated.promptTokens(),
                generated.outputTokens(),
                generated.latencyNanos(),
                generated.finishReason(),
                completed.nodeLabel(),
                completed.hops());
        try {
            cache.put(response);
        } catch (UncheckedIOException e) {
            log.warn("job {}: could not cache the answer to {}: {}", run.record.id(), unit.key(), e.getMessage());
        }
        run.generated.incrementAndGet();
        score(run, unit, response, false);
    }

    private void score(Run run, WorkUnit unit, CachedResponse response, boolean cached) {
        if (run.broken.get() != null) {
            return;
        }
        Evaluation evaluation;
        try {
            evaluation =
                    evaluator.evaluate(unit.task(), unit.item(), unit.prompt(), unit.retrievedIds(), response.text());
            if (unit.item() instanceof RagItem ragItem && unit.task().ragJudge().isPresent()) {
                evaluation = judging(unit.task().ragJudge().get())
                        .judge(unit.task(), ragItem, unit.retrievedIds(), response.text(), evaluation);
            }
        } catch (RuntimeException e) {
            // a scorer failing on one answer fails that task only (resume retries it), not the job
            log.warn("job {}: scoring {} of {} failed: {}", run.record.id(), unit.key(), unit.model(), e.toString());
            run.counts(unit).failed.incrementAndGet();
            return;
        }
        try {
            double tokensPerSecond =
                    response.latencyNanos() <= 0 ? 0.0 : response.outputTokens() * 1e9 / response.latencyNanos();
            ScoredItem item = new ScoredItem(
                    unit.key(),
                    unit.model(),
                    unit.task().kind(),
                    unit.prompt().sha256(),
                    response.text(),
                    evaluation.scores(),
                    evaluation.flags(),
                    evaluation.details(),
                    response.latencyNanos(),
                    response.promptTokens(),
                    response.outputTokens(),
                    tokensPerSecond,
                    response.finishReason(),
                    response.node(),
                    response.hops(),
                    cached,
                    unit.retrievedIds(),
                    System.currentTimeMillis());
            ledgers.record(item).toCompletableFuture().get(Ledgers.ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            run.counts(unit).done.incrementAndGet();
            run.judgeFailures(unit.model(), evaluation.details());
            run.doneThisRun.incrementAndGet();
            if (cached) {
                run.cached.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.broken.compareAndSet(null, e);
        } catch (Exception e) {
            // the ledger is gone or failing: stop the job; what is recorded stays, resume does the rest
            log.error(
                    "job {}: recording {} of {} failed, stopping the job: {}",
                    run.record.id(),
                    unit.key(),
                    unit.model(),
                    e.toString());
            run.broken.compareAndSet(null, e);
        }
    }

    /** Judges through the cluster: each verdict is a task for the judge model on this manager's backend. */
    private RagJudging judging(RagJudgeDefinition definition) {
        return RagJudging.throughCluster(
                definition,
                backend,
                settings.taskDeadline(),
                evaluator.options().sentenceEncoder().orElse(null));
    }

    private void finish(Run run, Suite suite, List<WorkUnit> units) {
        JobState state;
        if (run.broken.get() != null) {
            state = JobState.INTERRUPTED;
        } else if (run.cancelled) {
            state = JobState.CANCELLED;
        } else if (run.failedCount() > 0) {
            state = JobState.COMPLETED_WITH_FAILURES;
        } else {
            state = JobState.COMPLETED;
        }
        run.endedAt = Instant.now();
        run.state.set(state);
        try {
            run.record = run.record.withState(state, run.endedAt.toString());
            run.record.write(settings.dataDir());
            writeManifest(run, suite, units, run.endedAt.toString());
        } catch (RuntimeException e) {
            log.error("job {}: could not write its final state: {}", run.record.id(), e.toString());
        }
        log.info(
                "job {} {}: {} of {} done, {} failed, {} from the cache",
                run.record.id(),
                state,
                run.doneCount(),
                run.total,
                run.failedCount(),
                run.cached.get());
        run.completion.complete(run.progress());
    }

    // ---- progress

    private JobProgress progressFromLedgers(JobRecord record) {
        Map<String, Map<String, JobProgress.Counts>> perModel = new LinkedHashMap<>();
        int total = 0;
        int done = 0;
        Map<String, Map<String, Integer>> judgeFailures = new LinkedHashMap<>();
        for (String model : record.models()) {
            List<ScoredItem> items = ledgers.items(model);
            Map<String, JobProgress.Counts> perTask = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> entry :
                    record.totals().getOrDefault(model, Map.of()).entrySet()) {
                String prefix = record.suiteName() + "/" + entry.getKey() + "/";
                List<Long> seeds = record.taskSeeds().getOrDefault(entry.getKey(), List.of());
                List<ScoredItem> ofTask = items.stream()
                        .filter(item -> item.id().startsWith(prefix)
                                && seeds.stream().anyMatch(seed -> item.id().endsWith("@" + seed)))
                        .toList();
                ofTask.forEach(item -> RagJudging.countFailures(judgeFailures, model, item.details()));
                int recorded = ofTask.size();
                int taskDone = Math.min(recorded, entry.getValue());
                perTask.put(entry.getKey(), new JobProgress.Counts(entry.getValue(), taskDone, 0));
                total += entry.getValue();
                done += taskDone;
            }
            perModel.put(model, perTask);
        }
        JobState state = record.state() == JobState.RUNNING ? JobState.INTERRUPTED : record.state();
        Instant started = Instant.parse(record.createdAt());
        Instant updated = Instant.parse(record.updatedAt());
        return new JobProgress(
                record.id(),
                state,
                total,
                done,
                0,
                0,
                perModel,
                started,
                Duration.between(started, updated),
                Optional.empty(),
                judgeFailures);
    }

    private static final class Run {
        final Map<String, Map<String, TaskCounts>> counts = new LinkedHashMap<>();
        /** answering model -> judge metric -> failed verdicts of the recorded items */
        final Map<String, Map<String, Integer>> judgeFailures = new LinkedHashMap<>();

        final CompletableFuture<JobProgress> completion = new CompletableFuture<>();
        final AtomicReference<JobState> state = new AtomicReference<>(JobState.RUNNING);
        final AtomicReference<Throwable> broken = new AtomicReference<>();
        final AtomicInteger doneThisRun = new AtomicInteger();
        final AtomicInteger cached = new AtomicInteger();
        final AtomicInteger generated = new AtomicInteger();
        final Instant startedAt = Instant.now();
        final int total;
        volatile JobRecord record;
        volatile boolean cancelled;
        volatile Instant endedAt;

        Run(JobRecord record, List<WorkUnit> units) {
            this.record = record;
            for (WorkUnit unit : units) {
                counts.computeIfAbsent(unit.model(), m -> new LinkedHashMap<>())
                        .computeIfAbsent(unit.task().id(), t -> new TaskCounts())
                        .total++;
            }
            this.total = units.size();
        }

        TaskCounts counts(WorkUnit unit) {
            return counts.get(unit.model()).get(unit.task().id());
        }

        void judgeFailures(String model, Map<String, String> details) {
            synchronized (judgeFailures) {
                RagJudging.countFailures(judgeFailures, model, details);
            }
        }

        Map<String, Map<String, Integer>> judgeFailureTotals() {
            Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
            synchronized (judgeFailures) {
                for (String model : record.models()) {
                    Map<String, Integer> perMetric = judgeFailures.get(model);
                    if (perMetric != null) {
                        copy.put(model, new TreeMap<>(perMetric));
                    }
                }
            }
            return copy;
        }

        int doneCount() {
            return counts.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToInt(c -> c.done.get())
                    .sum();
        }

        int failedCount() {
            return counts.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToInt(c -> c.failed.get())
                    .sum();
        }

        JobProgress progress() {
            Map<String, Map<String, JobProgress.Counts>> perModel = new LinkedHashMap<>();
            counts.forEach((model, tasks) -> {
                Map<String, JobProgress.Counts> perTask = new LinkedHashMap<>();
                tasks.forEach(
                        (task, c) -> perTask.put(task, new JobProgress.Counts(c.total, c.done.get(), c.failed.get())));
                perModel.put(model, perTask);
            });
            int done = doneCount();
            int failed = failedCount();
            Instant end = endedAt == null ? Instant.now() : endedAt;
            Duration elapsed = Duration.between(startedAt, end);
            Optional<Duration> eta = Optional.empty();
            int thisRun = doneThisRun.get();
            int remaining = total - done - failed;
            if (!state.get().finished() && thisRun > 0 && remaining > 0) {
                eta = Optional.of(Duration.ofMillis(elapsed.toMillis() * remaining / thisRun));
            }
            return new JobProgress(
                    record.id(),
                    state.get(),
                    total,
                    done,
                    failed,
                    cached.get(),
                    perModel,
                    startedAt,
                    elapsed,
                    eta,
                    judgeFailureTotals());
        }
    }

    private static final class TaskCounts {
        int total;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }

    // ---- manifest

    /** sha256 of the model's weights (configured, else computed), or of engine, URL and remote name for openai. */
    private String weightHash(String model) {
        return weightHashes.computeIfAbsent(model, name -> {
            ModelSpec spec = catalogue.get(name);
            if (ModelSpec.OPENAI.equals(spec.engine())) {
                return Sha256.hex("openai|" + spec.baseUrl() + "|" + spec.remoteModel());
            }
            if (spec.sha256() != null) {
                return spec.sha256();
            }
            try {
                return ModelFiles.sha256(ModelFiles.resolve(spec));
            } catch (RuntimeException e) {
                // the weights live on the workers only: identify them by name and file
                log.warn(
                        "model {}: weights not found on the coordinator ({}); caching by name and file",
                        name,
                        e.getMessage());
                return Sha256.hex("file|" + name + "|" + spec.file());
            }
        });
    }

    private void writeManifest(Run run, Suite suite, List<WorkUnit> units, String endedAt) {
        Map<String, RunManifest.ModelEntry> models = new LinkedHashMap<>();
        for (String model : run.record.models()) {
            ModelSpec spec = catalogue.get(model);
            models.put(
                    model,
                    new RunManifest.ModelEntry(
                            spec.engine(),
                            spec.file(),
                            weightHash(model),
                            ModelSpec.OPENAI.equals(spec.engine()) ? spec.remoteModel() : null,
                            spec.baseUrl()));
        }
        Map<String, Map<String, String>> datasets = new LinkedHashMap<>();
        Map<String, Map<String, Object>> generation = new LinkedHashMap<>();
        for (TaskDefinition task : suite.tasks()) {
            datasets.put(task.id(), task.datasetHashes());
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("system-prompt", task.generation().systemPrompt());
            parameters.put("seeds", run.record.taskSeeds().get(task.id()));
            parameters.put("temperature", task.generation().temperature());
            parameters.put("top-p", task.generation().topP());
            parameters.put("context-size", task.generation().contextSize());
            parameters.put("max-tokens", task.generation().maxTokens());
            parameters.put("stop", task.generation().stop());
            parameters.put(
                    "metrics", task.metrics().stream().map(m -> m.configName()).toList());
            task.ragJudge().ifPresent(judge -> {
                Map<String, Object> judged = new LinkedHashMap<>();
                judged.put("model", judge.model());
                judged.put("metrics", judge.metrics());
                judged.put("attempts", judge.attempts());
                judged.put("max-tokens", judge.maxTokens());
                judged.put("temperature", judge.temperature());
                parameters.put("judge", judged);
            });
            generation.put(task.id(), parameters);
        }
        StringBuilder prompts = new StringBuilder();
        units.stream()
                .filter(unit -> unit.model().equals(run.record.models().get(0)))
                .map(unit -> unit.key().id() + "\t" + unit.prompt().sha256() + "\n")
                .sorted()
                .forEach(prompts::append);
        RunManifest manifest = new RunManifest(
                run.record.id(),
                suite.name(),
                suite.contentHash(),
                suite.fileHashes(),
                datasets,
                models,
                run.record.seeds(),
                Sha256.hex(prompts.toString()),
                generation,
                codeVersion(),
                settings.topology(),
                run.startedAt.toString(),
                endedAt,
                endedAt == null ? JobState.RUNNING.name() : run.state.get().name());
        JobRecord.writeJson(
                JobRecord.directory(settings.dataDir(), run.record.id()).resolve(RunManifest.FILE), manifest);
    }

    private static String codeVersion() {
        String version = JobManager.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
