package org.slmcluster.runtime.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.ItemEvaluator;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.http.ApiServer;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.jobs.CollectionRetriever;
import org.slmcluster.runtime.jobs.JobJournal;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.schedules.Scheduler;
import org.slmcluster.runtime.ledger.LedgerDatabase;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.lifecycle.ModelLifecycle;
import org.slmcluster.runtime.lifecycle.ModelStore;
import org.slmcluster.runtime.lifecycle.ReadyDeployments;
import org.slmcluster.runtime.lifecycle.StoreCatalogue;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.EmbeddingModel;

/**
 * The coordinator's services, assembled in one place: the ledgers, one shared collection store (with its
 * encoder), the job manager that dispatches through the coordinator member and, when asked, the HTTP API.
 * {@code slm node start}, {@code slm cluster local}, the demo and {@code SlmRuntime} all build it here, so
 * they run the same thing. {@link #close()} stops them in the reverse order of their start: the API first
 * (no new requests), then running jobs, the ledgers, the collections and the encoders.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    /** How long a job interrupted by the previous coordinator waits for its models' hosts to rejoin. */
    static final Duration AUTO_RESUME_PATIENCE = Duration.ofMinutes(10);

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

    /** Where jobs are recorded: {@code data-dir} or {@code ledger-database}. */
    static final String JOURNAL_KEY = "slm.jobs.journal";

    /** How often the scheduler looks for due runs and newly ready deploys. */
    private static final Duration SCHEDULER_TICK = Duration.ofSeconds(1);

    private final NodeRuntime node;
    private final Path dataDir;
    private final CollectionStore collections;
    private final Ledgers ledgers;
    private final JobManager jobs;
    private final ModelLifecycle lifecycle;
    private final Scheduler scheduler;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private ApiServer api;
    private boolean closed;

    private Coordinator(NodeRuntime node, Path dataDir, EvaluationOptions evaluation) {
        this.node = Objects.requireNonNull(node, "node");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        try {
            closeOrder.push(evaluation);
            EmbeddingModel encoder = EmbeddingModel.miniLm();
            closeOrder.push(encoder);
            collections = new CollectionStore(dataDir, encoder);
            closeOrder.push(collections);
            Config config = node.config().config();
            Config ledgerSettings =
                    config.hasPath("slm.ledger") ? config.withOnlyPath("slm.ledger") : ConfigFactory.empty();
            ledgers = Ledgers.open(dataDir, ledgerSettings);
            closeOrder.push(ledgers);
            jobs = new JobManager(
                    jobSettings(node, dataDir),
                    journal(config, dataDir, ledgerSettings),
                    backend(node),
                    // store versions are models jobs may name as name@version (gate suites of roll-outs)
                    new StoreCatalogue(node.config().catalogue(), new ModelStore(dataDir)),
                    ledgers,
                    new ItemEvaluator(evaluation),
                    new CollectionRetriever(collections));
            closeOrder.push(jobs);
            lifecycle =
                    ModelLifecycle.open(node.system(), dataDir, node.config().topology(), jobs);
            closeOrder.push(lifecycle);
            scheduler = new Scheduler(
                    dataDir,
                    Clock.systemUTC(),
                    ScheduledJobs.validator(node.config().catalogue(), lifecycle),
                    ScheduledJobs.starter(jobs),
                    new ReadyDeployments(lifecycle.placements()));
            closeOrder.push(scheduler);
            scheduler.start(SCHEDULER_TICK);
            jobs.resumeInterrupted(models -> hostsAll(node, models), AUTO_RESUME_PATIENCE);
            if (node.config().config().hasPath(AlertWebhook.CONFIG_KEY)) {
                AlertWebhook webhook =
                        new AlertWebhook(URI.create(node.config().config().getString(AlertWebhook.CONFIG_KEY)));
                jobs.alerts().listen(webhook::post);
            }
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /**
     * Opens the coordinator's services on {@code node} (the member labelled {@code root}) with its data
     * under {@code dataDir}; no HTTP API until {@link #serveApi}. The coordinator owns {@code evaluation}
     * (it scores every job's answers) and closes it last.
     */
    public static Coordinator open(NodeRuntime node, Path dataDir, EvaluationOptions evaluation) {
        return new Coordinator(node, dataDir, evaluation);
    }

    /**
     * As {@link #open(NodeRuntime, Path, EvaluationOptions)} with the scoring encoder the node's
     * configuration names ({@value EvaluationOptions#ENCODER_SETTING}; the bundled MiniLM by default, loaded
     * when the first job asks for BERTScore or embedding similarity).
     */
    public static Coordinator open(NodeRuntime node, Path dataDir) {
        return new Coordinator(
                node, dataDir, EvaluationOptions.fromConfig(node.config().config()));
    }

    /** The generation port of jobs, RAG answers and judges: the coordinator member's task dispatcher. */
    public static GenerationBackend backend(NodeRuntime coordinator) {
        return coordinator::submit;
    }

    /** True when a reachable Up member hosts each of {@code models}, in the dispatcher's view now. */
    private static boolean hostsAll(NodeRuntime node, List<String> models) {
        ClusterStatus status;
        try {
            status = node.clusterStatus(STATUS_TIMEOUT)
                    .toCompletableFuture()
                    .get(STATUS_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        Set<String> hosted = new HashSet<>();
        status.members().stream()
                .filter(member -> member.reachable() && "Up".equalsIgnoreCase(member.status()))
                .forEach(member -> hosted.addAll(member.models()));
        return hosted.containsAll(models);
    }

    /**
     * The job journal {@value #JOURNAL_KEY} names: {@code data-dir} (the default) or {@code ledger-database},
     * the ledgers' database, which a failover coordinator needs (its standby reads the jobs there).
     */
    private static JobJournal journal(Config config, Path dataDir, Config ledgerSettings) {
        String journal = config.hasPath(JOURNAL_KEY) ? config.getString(JOURNAL_KEY) : "data-dir";
        boolean failover = CoordinatorFailover.enabled(config);
        if (journal.equals("data-dir") && !failover) {
            return JobJournal.files(dataDir);
        }
        if (!journal.equals("data-dir") && !journal.equals("ledger-database")) {
            throw new IllegalArgumentException(
                    JOURNAL_KEY + " must be data-dir or ledger-database, got '" + journal + "'");
        }
        return JobJournal.database(LedgerDatabase.of(dataDir, ledgerSettings), dataDir);
    }

    private static JobManager.Settings jobSettings(NodeRuntime node, Path dataDir) {
        JobManager.Settings settings = JobManager.Settings.defaults(dataDir)
                .withTopology(
                        node.config().topology().arity(),
                        node.config().topology().depth());
        Config config = node.config().config();
        String key = JobManager.Settings.DRIFT_THRESHOLD_KEY;
        if (!config.hasPath(key)) {
            return settings;
        }
        double threshold;
        try {
            threshold = config.getDouble(key);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key + " must be a number of 0 or more: " + e.getMessage(), e);
        }
        return settings.withDriftThreshold(threshold);
    }

    /** Binds the HTTP API (platform, OpenAI-compatible, jobs, ledgers, metrics) on the coordinator's system. */
    public synchronized ApiServer serveApi(ApiSettings settings) {
        if (closed) {
            throw new IllegalStateException("the coordinator's services are closed");
        }
        if (api == null) {
            api = ApiServer.start(
                    node.system(), settings, jobs, collections, NodeEndpoints.https(node), lifecycle, scheduler);
            closeOrder.push(api);
        }
        return api;
    }

    public NodeRuntime node() {
        return node;
    }

    public Path dataDir() {
        return dataDir;
    }

    public JobManager jobs() {
        return jobs;
    }

    public Ledgers ledgers() {
        return ledgers;
    }

    /** The model store and desired placement (issue 15). */
    public ModelLifecycle lifecycle() {
        return lifecycle;
    }

    /** Scheduled and deploy-triggered evaluation (issue 15, point 7). */
    public Scheduler scheduler() {
        return scheduler;
    }

    public CollectionStore collections() {
        return collections;
    }

    public synchronized Optional<ApiServer> api() {
        return Optional.ofNullable(api);
    }

    /** Stops the API, cancels running jobs (answers in flight are still recorded), closes the stores. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll();
    }

    private void closeAll() {
        while (!closeOrder.isEmpty()) {
            AutoCloseable next = closeOrder.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
