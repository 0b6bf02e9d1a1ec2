package org.slmcluster.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.http.ApiServer;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.jobs.JobHandle;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.topology.Labels;

/**
 * slm-cluster inside another JVM application: start a whole cluster in this JVM (or join an existing one as
 * a member), run tasks, run evaluation suites, read the ledgers, close.
 *
 * <pre>{@code
 * try (SlmRuntime slm = SlmRuntime.builder()
 *         .topology(2, 1)
 *         .model(ModelSpec.llamaCpp("stories260k", "stories260K.gguf", null).withContextSize(512))
 *         .place("1", "stories260k")
 *         .dataDir(Path.of("slm-data"))
 *         .start()) {
 *     TaskResult.Completed done = slm.submit("stories260k", "Once upon a time", GenerationParameters.DEFAULTS)
 *             .toCompletableFuture().join();
 *     JobProgress run = slm.runSuite("smoke", List.of("stories260k")).completion().toCompletableFuture().join();
 *     System.out.println(slm.ledger("stories260k"));
 * }
 * }</pre>
 *
 * <p>Model files are found through {@code SLM_MODEL_PATH} (or {@code -Dslm.model.path}), then
 * {@code ~/.slm/models}. {@link #close()} terminates every ActorSystem, the ledger store and the engines;
 * note that once llama.cpp has loaded a model its native threads keep the JVM alive, so a program that used
 * a llama-cpp model must end with {@code System.exit} after {@code close()}.
 */
public final class SlmRuntime implements AutoCloseable {

    private final EmbeddedCluster cluster;
    private final NodeRuntime member;
    private final Path dataDir;
    private final Duration deadline;
    private final ApiSettings apiSettings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Coordinator services;

    private SlmRuntime(
            EmbeddedCluster cluster, NodeRuntime member, Path dataDir, Duration deadline, ApiSettings apiSettings) {
        this.cluster = cluster;
        this.member = member;
        this.dataDir = dataDir;
        this.deadline = deadline;
        this.apiSettings = apiSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the embedded cluster the builder describes and waits until it is Up. */
    public static SlmRuntime startEmbedded(Builder builder) {
        return builder.start();
    }

    /**
     * Starts one member of an existing cluster from a node configuration ({@code slm.node.*},
     * {@code slm.cluster.seeds}, {@code slm.models}, as in {@code nodes/*.conf}; the {@code slm.*} defaults
     * fill the rest) and waits until it is Up. A worker offers its models to the cluster; only the
     * coordinator member (label {@code root}) can {@link #submit} and run suites: elsewhere use the HTTP API
     * ({@link org.slmcluster.runtime.client.PlatformClient}).
     *
     * @param dataDir where the coordinator keeps ledgers and jobs (unused on other members)
     */
    public static SlmRuntime join(Config nodeConfig, Path dataDir, Duration upTimeout) {
        NodeRuntime node = NodeRuntime.start(NodeConfig.fromConfig("SlmRuntime.join", nodeConfig));
        SlmRuntime runtime = new SlmRuntime(null, node, dataDir, Duration.ofSeconds(120), null);
        long until = System.nanoTime() + upTimeout.toNanos();
        while (!node.isUp()) {
            if (System.nanoTime() > until) {
                runtime.close();
                throw new IllegalStateException("member " + node.label() + " did not join "
                        + node.config().seeds() + " within " + upTimeout);
            }
            sleep(100);
        }
        return runtime;
    }

    /** {@link #join(Config, Path, Duration)} with the data under {@code ~/.slm/data} and two minutes to join. */
    public static SlmRuntime join(Config nodeConfig) {
        return join(nodeConfig, Path.of(System.getProperty("user.home"), ".slm", "data"), Duration.ofMinutes(2));
    }

    // ---- tasks

    /** A plain completion of {@code prompt} on a member hosting {@code model}; fails with {@link TaskFailedException}. */
    public CompletionStage<TaskResult.Completed> submit(String model, String prompt, GenerationParameters parameters) {
        return submit(model, GenerationRequest.completion(prompt, parameters));
    }

    /** A chat completion (the model's chat template applies). */
    public CompletionStage<TaskResult.Completed> submit(
            String model, List<ChatMessage> messages, GenerationParameters parameters) {
        return submit(model, GenerationRequest.chat(messages, parameters));
    }

    public CompletionStage<TaskResult.Completed> submit(String model, GenerationRequest request) {
        requireOpen();
        return coordinator()
                .submit(UUID.randomUUID().toString(), model, request, deadline)
                .thenCompose(result -> {
                    if (result instanceof TaskResult.Completed done) {
                        return CompletableFuture.completedFuture(done);
                    }
                    TaskResult.Failed failed = (TaskResult.Failed) result;
                    return CompletableFuture.failedFuture(new TaskFailedException(failed));
                });
    }

    /**
     * As {@link #submit(String, GenerationRequest)}, handing the answer's text to {@code onText} piece by piece
     * while the model generates it (in order, all of it before the stage completes; called on an actor thread,
     * so keep it quick). Once text has been handed over, a failure is not retried on another node.
     */
    public CompletionStage<TaskResult.Completed> stream(
            String model, GenerationRequest request, Consumer<String> onText) {
        requireOpen();
        return coordinator()
                .submitStreaming(UUID.randomUUID().toString(), model, request, deadline, onText)
                .thenCompose(result -> {
                    if (result instanceof TaskResult.Completed done) {
                        return CompletableFuture.completedFuture(done);
                    }
                    return CompletableFuture.failedFuture(new TaskFailedException((TaskResult.Failed) result));
                });
    }

    // ---- evaluation

    /**
     * Starts an evaluation job: {@code suite} is a suite folder or a shipped suite's name ({@code smoke},
     * {@code builtin}); its handle's {@code completion()} completes with the final progress.
     *
     * @throws SuiteException           the suite is missing or malformed (nothing ran)
     * @throws IllegalArgumentException a model is not defined in the cluster, or a metric the suite asks for
     *                                  cannot be computed (e.g. BERTScore with {@code slm.evaluation.encoder
     *                                  = none}, or an encoder directory that does not load); nothing ran
     */
    public JobHandle runSuite(String suite, List<String> models) throws SuiteException {
        Path folder = SuiteLocator.find(suite)
                .orElseThrow(() -> new SuiteException(List.of(new org.slmcluster.runtime.suite.SuiteProblem(
                        Path.of(suite), 0, "no suite folder (with suite.conf) and no shipped suite of that name"))));
        return services().jobs().start(new JobSpec(folder, models, List.of()));
    }

    public JobHandle runSuite(Path suiteDirectory, List<String> models) throws SuiteException {
        return runSuite(suiteDirectory.toString(), models);
    }

    /** Progress of a job started here or recorded under the data dir. */
    public Optional<JobProgress> job(String jobId) {
        return services().jobs().progress(jobId);
    }

    /** The model's results per task (empty when it has none). */
    public ModelView ledger(String model) {
        return services().ledgers().view(model);
    }

    /** Models with recorded results. */
    public List<String> ledgerModels() {
        return services().ledgers().models();
    }

    /** The HTTP API's address, when the builder asked for it. */
    public Optional<URI> apiUrl() {
        synchronized (this) {
            return services == null ? Optional.empty() : services.api().map(ApiServer::baseUri);
        }
    }

    /** The embedded cluster (empty for a member that joined an existing cluster). */
    public Optional<EmbeddedCluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The coordinator member (embedded), or the member this runtime joined as. */
    public NodeRuntime coordinator() {
        return cluster != null ? cluster.coordinator() : member;
    }

    /**
     * Stops the HTTP API, cancels running jobs (answers in flight are still recorded), closes the ledger
     * store, terminates every member's ActorSystem and closes the engines. Idempotent. After a llama-cpp model
     * was loaded, end the program with {@code System.exit} (llama.cpp's native threads outlive close).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (services != null) {
                services.close();
            }
        }
        if (cluster != null) {
            cluster.stop();
        } else {
            member.stop(Duration.ofSeconds(20));
        }
    }

    /** The coordinator's jobs, ledgers and collections, opened on first use (the one composition root). */
    private synchronized Coordinator services() {
        requireOpen();
        if (!Labels.ROOT.equals(coordinator().label())) {
            throw new IllegalStateException(
                    "evaluation jobs and ledgers live on the coordinator (label root); this member is "
                            + coordinator().label());
        }
        if (services == null) {
            services = Coordinator.open(coordinator(), dataDir);
        }
        return services;
    }

    private synchronized void serveApi() {
        services().serveApi(apiSettings);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this SlmRuntime is closed");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A task the cluster could not complete (no host, overloaded, deadline, engine error). */
    public static final class TaskFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient TaskResult.Failed failure;

        TaskFailedException(TaskResult.Failed failure) {
            super("task on " + failure.model() + " failed (" + failure.kind() + ", " + failure.attempts()
                    + " attempts): " + failure.reason());
            this.failure = failure;
        }

        public TaskResult.Failed failure() {
            return failure;
        }
    }

    /** What the embedded cluster looks like. Defaults: arity 2, depth 1, loopback, data in {@code ./slm-data}. */
    public static final class Builder {
        private int arity = 2;
        private int depth = 1;
        private final Map<String, List<String>> placement = new LinkedHashMap<>();
        private final Map<String, ModelSpec> models = new LinkedHashMap<>();
        private Path clusterConf;
        private Config settings = ConfigFactory.empty();
        private Path dataDir = Path.of("slm-data");
        private Duration deadline = Duration.ofSeconds(120);
        private Duration upTimeout = Duration.ofSeconds(60);
        private ApiSettings api;

        private Builder() {}

        /** The overlay: every node of an arity-{@code arity}, depth-{@code depth} tree is a member. */
        public Builder topology(int arity, int depth) {
            this.arity = arity;
            this.depth = depth;
            return this;
        }

        /** Defines a model every member can host (its file is looked up through SLM_MODEL_PATH). */
        public Builder model(ModelSpec spec) {
            models.put(spec.name(), spec);
            return this;
        }

        /** Model definitions (and other settings) from a cluster.conf; its seeds and ports are ignored. */
        public Builder clusterConf(Path file) {
            this.clusterConf = file;
            return this;
        }

        /** The node at {@code label} ("1", "01"...) hosts these models. */
        public Builder place(String label, String... modelNames) {
            placement.computeIfAbsent(label, l -> new ArrayList<>()).addAll(List.of(modelNames));
            return this;
        }

        /** HOCON settings under every member ({@code slm.worker.*}, {@code pekko.*}...). */
        public Builder settings(String hocon) {
            this.settings = ConfigFactory.parseString(hocon).withFallback(settings);
            return this;
        }

        /** Where ledgers, jobs and the response cache live. */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** Deadline of one task (the dispatcher retries on other hosts within it). */
        public Builder taskDeadline(Duration value) {
            this.deadline = value;
            return this;
        }

        public Builder upTimeout(Duration value) {
            this.upTimeout = value;
            return this;
        }

        /** Also serve the HTTP API (platform, OpenAI-compatible, jobs, ledgers) from the coordinator. */
        public Builder serveApi(ApiSettings value) {
            this.api = value;
            return this;
        }

        public SlmRuntime start() {
            if (placement.isEmpty()) {
                throw new IllegalArgumentException(
                        "place at least one model on a node: builder.place(\"1\", \"my-model\")");
            }
            EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults().withDefaultDeadline(deadline);
            if (clusterConf != null) {
                options = options.withClusterConf(clusterConf);
            }
            options = options.withSettings(settings);
            if (!models.isEmpty()) {
                options = options.withSettings(modelSettings(models));
            }
            EmbeddedCluster cluster = EmbeddedCluster.start(arity, depth, placement, options);
            SlmRuntime runtime = new SlmRuntime(cluster, null, dataDir, deadline, api);
            try {
                cluster.awaitUp(upTimeout);
                if (api != null) {
                    runtime.serveApi();
                }
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
            return runtime;
        }

        private static Config modelSettings(Map<String, ModelSpec> specs) {
            Config config = ConfigFactory.empty();
            for (ModelSpec spec : specs.values()) {
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("engine", spec.engine().configName());
                putIfPresent(section, "file", spec.file());
                putIfPresent(section, "sha256", spec.sha256());
                putIfPresent(section, "base-url", spec.baseUrl());
                putIfPresent(section, "api-key", spec.apiKey());
                putIfPresent(section, "remote-model", spec.remoteModel());
                section.put("context-size", spec.contextSize());
                section.put("threads", spec.threads());
                section.put("request-timeout", spec.requestTimeout().toMillis() + "ms");
                section.put("max-retries", spec.maxRetries());
                config = config.withValue("slm.models.\"" + spec.name() + "\"", ConfigValueFactory.fromMap(section));
            }
            return config;
        }

        private static void putIfPresent(Map<String, Object> section, String key, String value) {
            if (value != null) {
                section.put(key, value);
            }
        }
    }
}
