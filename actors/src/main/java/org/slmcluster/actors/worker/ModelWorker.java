package org.slmcluster.actors.worker;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.EngineCrashedException;
import org.slmcluster.actors.engine.EngineException;
import org.slmcluster.actors.engine.EngineFactory;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.engine.InferenceEngine;
import org.slmcluster.actors.engine.InvalidRequestException;
import org.slmcluster.actors.metrics.MemberMetrics;

/**
 * Hosts one model: loads its engine once off the actor thread, queues requests up to a bound, runs a
 * configurable number of generations at a time, enforces deadlines, and reloads the engine with backoff
 * when it breaks. Registered with the receptionist under {@link #ALL_WORKERS} and {@link #keyFor(String)}.
 *
 * <p>An {@link EngineException} from {@code generate} fails that request only (bad input, a busy server);
 * any other throwable marks the engine broken: it is closed and reloaded after a doubling backoff while
 * queued requests wait. A failed load answers every waiting and new request with ENGINE_ERROR naming the
 * cause until a later reload succeeds; after {@link WorkerSettings#maxLoadAttempts()} failed loads in a row
 * the worker gives up (state GAVE_UP, no more loads) and answers UNAVAILABLE until the member restarts.
 *
 * <p>An engine in its own process that dies ({@link EngineCrashedException} for the request in flight, or
 * {@link InferenceEngine#crashReason()} seen by the sweep while idle) fails that request with ENGINE_CRASHED,
 * which the dispatcher re-dispatches, and is restarted with the backoff; after
 * {@link WorkerSettings#maxCrashes()} crashes within {@link WorkerSettings#crashWindow()} the worker gives up
 * as above, with the last crash as the reason.
 */
public final class ModelWorker {

    /** Every model worker in the cluster. */
    public static final ServiceKey<Command> ALL_WORKERS = ServiceKey.create(Command.class, "slm-model-workers");

    /** The dispatcher that runs engine calls (reference.conf); never the actor threads. */
    public static final String ENGINE_DISPATCHER = "slm.engine-dispatcher";

    private static final String ACTOR_NAME_PREFIX = "worker-";
    /** Separates a model from its version in an actor name; URL encoding writes a literal '~' as %7E. */
    private static final char VERSION_SEPARATOR = '~';

    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);

    public interface Command {}

    /**
     * Generate for {@code taskId}; answered exactly once with {@link Generated} or {@link Rejected}.
     *
     * @param deadlineEpochMillis wall-clock deadline; requests still queued at it are answered TIMEOUT
     *                            and never run; 0 or less means none
     */
    public record Generate(
            String taskId,
            GenerationRequest request,
            long deadlineEpochMillis,
            ActorRef<Reply> replyTo,
            ActorRef<Chunk> chunksTo)
            implements Command, ClusterMessage {

        /** Without streaming: the text comes whole in {@link Generated}. */
        public Generate(String taskId, GenerationRequest request, long deadlineEpochMillis, ActorRef<Reply> replyTo) {
            this(taskId, request, deadlineEpochMillis, replyTo, null);
        }
    }

    /**
     * Streaming: text generated since the previous chunk, sent to {@code chunksTo} while the generation runs and
     * always before its {@link Generated}. Chunks gather the tokens of {@link #CHUNK_INTERVAL} (the first token
     * goes alone, at once), so a fast model does not send a message per token.
     */
    public record Chunk(String taskId, String text, int sequence) implements ClusterMessage {}

    static final Duration CHUNK_INTERVAL = Duration.ofMillis(20);

    public record GetStatus(ActorRef<WorkerStatus> replyTo) implements Command, ClusterMessage {}

    /**
     * Local: stop taking new work and stop once idle. The worker leaves the receptionist at once (the
     * dispatcher sends new tasks elsewhere), still answers what reaches it meanwhile, and stops when nothing is
     * queued or running and {@link #DRAIN_GRACE} has passed (the time the receptionist needs to tell the
     * dispatcher); then {@code replyTo} hears {@link Drained}.
     */
    public record Drain(ActorRef<Drained> replyTo) implements Command {}

    /** The worker has drained and stops. */
    public record Drained(String model) {}

    static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    public sealed interface Reply extends ClusterMessage permits Generated, Rejected {
        String taskId();

        String model();
    }

    /** @param queueMillis time the request waited before its generation started */
    public record Generated(String taskId, String model, GenerationResult result, long queueMillis) implements Reply {}

    public record Rejected(String taskId, String model, FailureKind kind, String reason) implements Reply {}

    private record EngineLoaded(int loadId, InferenceEngine engine) implements Command {}

    private record EngineLoadFailed(int loadId, String reason) implements Command {}

    private enum Reload implements Command {
        INSTANCE
    }

    private enum Sweep implements Command {
        INSTANCE
    }

    private record Finished(
            Queued job,
            InferenceEngine engine,
            GenerationResult result,
            Throwable error,
            long startedNanos,
            long firstTokenNanos)
            implements Command {}

    private record Queued(Generate request, long enqueuedNanos) {}

    private ModelWorker() {}

    /** Receptionist key of the workers hosting {@code model}. */
    public static ServiceKey<Command> keyFor(String model) {
        return ServiceKey.create(Command.class, "slm-model-" + model);
    }

    /** Actor name of the worker for {@code model} (URL-encoded, so any model name is a valid name). */
    public static String actorName(String model) {
        return ACTOR_NAME_PREFIX + URLEncoder.encode(model, StandardCharsets.UTF_8);
    }

    /**
     * Actor name of the worker for one version of {@code model}: two versions of one model can run side by
     * side on a member while one replaces the other.
     */
    public static String actorName(String model, String version) {
        return actorName(model) + VERSION_SEPARATOR + URLEncoder.encode(version, StandardCharsets.UTF_8);
    }

    /** The model a worker hosts, from its actor name; null when the name is not a worker's. */
    public static String modelOf(ActorRef<?> worker) {
        String name = worker.path().name();
        if (!name.startsWith(ACTOR_NAME_PREFIX)) {
            return null;
        }
        String encoded = name.substring(ACTOR_NAME_PREFIX.length());
        int version = encoded.indexOf(VERSION_SEPARATOR);
        return URLDecoder.decode(version < 0 ? encoded : encoded.substring(0, version), StandardCharsets.UTF_8);
    }

    /**
     * The version a worker hosts, from its actor name ({@code worker-<model>~<version>}); null for a worker of
     * the node files, which runs its model without a store version.
     */
    public static String versionOf(ActorRef<?> worker) {
        String name = worker.path().name();
        int separator = name.indexOf(VERSION_SEPARATOR);
        if (!name.startsWith(ACTOR_NAME_PREFIX) || separator < 0) {
            return null;
        }
        return URLDecoder.decode(name.substring(separator + 1), StandardCharsets.UTF_8);
    }

    /** {@code model@version}: how a task names one version of a model. */
    public static String versioned(String model, String version) {
        return model + VERSION_MARK + version;
    }

    /** Separates a model from a version in a task's model name ({@code model@version}). */
    public static final char VERSION_MARK = '@';

    public static Behavior<Command> create(
            String nodeLabel, String model, EngineFactory engines, WorkerSettings settings) {
        Behavior<Command> worker = Behaviors.setup(context ->
                Behaviors.withTimers(timers -> new Worker(context, timers, nodeLabel, model, engines, settings)));
        // Engine trouble is handled inside; this only guards against bugs in the worker itself.
        return Behaviors.supervise(worker)
                .onFailure(
                        Exception.class,
                        SupervisorStrategy.restartWithBackoff(
                                settings.restartBackoffMin(), settings.restartBackoffMax(), 0.2));
    }

    private enum State {
        LOADING,
        READY,
        RESTARTING,
        FAILED,
        GAVE_UP
    }

    private static final List<String> STATE_NAMES =
            EnumSet.allOf(State.class).stream().map(State::name).toList();

    private static final class Worker extends AbstractBehavior<Command> {

        private final TimerScheduler<Command> timers;
        private final String nodeLabel;
        private final String model;
        private final EngineFactory engines;
        private final WorkerSettings settings;
        private final Executor engineExecutor;
        private final ArrayDeque<Queued> queue = new ArrayDeque<>();
        private final MemberMetrics metrics;

        private State state = State.LOADING;
        private InferenceEngine engine;
        private int loadId;
        private Duration backoff;
        private int failedLoadsInARow;
        private String lastError;
        private int running;
        private long completed;
        private long failed;
        private long rejected;
        private long restarts;
        private long promptTokens;
        private long outputTokens;
        private long generationNanos;
        /** When the engine crashed, oldest first, within the crash window. */
        private final ArrayDeque<Long> crashes = new ArrayDeque<>();

        private ActorRef<Drained> drainedTo;
        private long drainStartedNanos;

        Worker(
                ActorContext<Command> context,
                TimerScheduler<Command> timers,
                String nodeLabel,
                String model,
                EngineFactory engines,
                WorkerSettings settings) {
            super(context);
            this.timers = timers;
            this.nodeLabel = nodeLabel;
            this.model = model;
            this.engines = engines;
            this.settings = settings;
            this.backoff = settings.restartBackoffMin();
            this.metrics = MemberMetrics.get(context.getSystem());
            this.engineExecutor =
                    context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(ENGINE_DISPATCHER));
            context.getSystem().receptionist().tell(Receptionist.register(ALL_WORKERS, context.getSelf()));
            context.getSystem().receptionist().tell(Receptionist.register(keyFor(model), context.getSelf()));
            timers.startTimerWithFixedDelay(Sweep.INSTANCE, SWEEP_INTERVAL);
            startLoad();
            publishGauges();
        }

        private void publishGauges() {
            metrics.worker(model, queue.size(), running, state.name(), STATE_NAMES);
            EngineProcessStatus process = processStatus();
            if (process != null) {
                metrics.engineProcess(model, process.rssBytes());
            }
        }

        private EngineProcessStatus processStatus() {
            InferenceEngine current = engine;
            return current == null ? null : current.processStatus().orElse(null);
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Generate.class, this::onGenerate)
                    .onMessage(GetStatus.class, this::onGetStatus)
                    .onMessage(Drain.class, this::onDrain)
                    .onMessage(EngineLoaded.class, this::onLoaded)
                    .onMessage(EngineLoadFailed.class, this::onLoadFailed)
                    .onMessageEquals(Reload.INSTANCE, this::onReload)
                    .onMessageEquals(Sweep.INSTANCE, this::onSweep)
                    .onMessage(Finished.class, this::onFinished)
                    .onSignal(PostStop.class, signal -> onStop())
                    .onSignal(PreRestart.class, signal -> onStop())
                    .build();
        }

        private void startLoad() {
            int id = ++loadId;
            getContext().getLog().info("loading model {} on node {}", model, nodeLabel);
            CompletableFuture<InferenceEngine> loading = CompletableFuture.supplyAsync(
                    () -> {
                        InferenceEngine created = null;
                        try {
                            created = engines.create(model);
                            if (created == null) {
                                throw new IllegalStateException("engine factory returned no engine for model " + model);
                            }
                            created.load();
                            return created;
                        } catch (Throwable e) {
                            if (created != null) {
                                closeQuietly(created);
                            }
                            throw new CompletionException(e);
                        }
                    },
                    engineExecutor);
            getContext()
                    .pipeToSelf(
                            loading,
                            (loaded, error) -> error == null
                                    ? new EngineLoaded(id, loaded)
                                    : new EngineLoadFailed(id, describe(error)));
        }

        private Behavior<Command> onLoaded(EngineLoaded loaded) {
            if (loaded.loadId() != loadId) {
                closeInBackground(loaded.engine());
                return this;
            }
            engine = loaded.engine();
            state = State.READY;
            failedLoadsInARow = 0;
            getContext().getLog().info("model {} ready on node {}", model, nodeLabel);
            runQueued();
            return this;
        }

        private Behavior<Command> onLoadFailed(EngineLoadFailed failure) {
            if (failure.loadId() != loadId) {
                return this;
            }
            failedLoadsInARow++;
            boolean givingUp = failedLoadsInARow >= settings.maxLoadAttempts();
            state = givingUp ? State.GAVE_UP : State.FAILED;
            publishGauges();
            lastError = "model " + model + " on node " + nodeLabel + " could not be loaded: " + failure.reason();
            if (givingUp) {
                lastError += " (gave up after " + failedLoadsInARow
                        + " attempts; fix the model file and restart the member)";
                getContext().getLog().error("{}", lastError);
            } else {
                getContext()
                        .getLog()
                        .error(
                                "{}; attempt {} of {}, retrying in {} ms",
                                lastError,
                                failedLoadsInARow,
                                settings.maxLoadAttempts(),
                                backoff.toMillis());
            }
            FailureKind kind = givingUp ? FailureKind.UNAVAILABLE : FailureKind.ENGINE_ERROR;
            while (!queue.isEmpty()) {
                Queued job = queue.poll();
                reject(job.request(), kind, lastError);
                failed++;
            }
            if (!givingUp) {
                scheduleReload();
            }
            return this;
        }

        private void scheduleReload() {
            timers.startSingleTimer(Reload.INSTANCE, backoff);
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(settings.restartBackoffMax()) > 0 ? settings.restartBackoffMax() : doubled;
        }

        private Behavior<Command> onReload() {
            if (state == State.FAILED || state == State.RESTARTING) {
                startLoad();
            }
            return this;
        }

        private Behavior<Command> onGenerate(Generate request) {
            if (pastDeadline(request)) {
                failed++;
                reject(
                        request,
                        FailureKind.TIMEOUT,
                        "task " + request.taskId() + " reached model " + model + " on node " + nodeLabel
                                + " after its deadline");
            } else if (state == State.FAILED) {
                failed++;
                reject(request, FailureKind.ENGINE_ERROR, lastError);
            } else if (state == State.GAVE_UP) {
                // this host will not serve the model again; the dispatcher tries another one
                failed++;
                reject(request, FailureKind.UNAVAILABLE, lastError);
            } else if (queue.size() >= settings.queueCapacity()) {
                rejected++;
                reject(
                        request,
                        FailureKind.OVERLOADED,
                        "model " + model + " on node " + nodeLabel + " is overloaded: " + queue.size()
                                + " requests queued (capacity " + settings.queueCapacity() + ")");
            } else {
                queue.add(new Queued(request, System.nanoTime()));
                runQueued();
            }
            return this;
        }

        private void runQueued() {
            while (state == State.READY && running < settings.concurrency() && !queue.isEmpty()) {
                Queued job = queue.poll();
                if (expired(job)) {
                    continue;
                }
                running++;
                InferenceEngine runningOn = engine;
                long started = System.nanoTime();
                Generate request = job.request();
                // Streamed when asked or when it costs nothing extra, so that the time to the first token
                // (prompt evaluation) is known for the metrics; 0 = not known.
                AtomicLong firstToken = new AtomicLong();
                CompletableFuture<GenerationResult> generation = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                if (request.chunksTo() == null && !runningOn.streamsAtNoExtraCost()) {
                                    return runningOn.generate(request.request());
                                }
                                ChunkGatherer chunks = request.chunksTo() == null
                                        ? null
                                        : new ChunkGatherer(request.taskId(), request.chunksTo(), CHUNK_INTERVAL);
                                GenerationResult result = runningOn.stream(request.request(), piece -> {
                                    firstToken.compareAndSet(0, System.nanoTime());
                                    if (chunks != null) {
                                        chunks.accept(piece);
                                    }
                                });
                                if (chunks != null) {
                                    chunks.flush();
                                }
                                return result;
                            } catch (Throwable e) {
                                throw new CompletionException(e);
                            }
                        },
                        engineExecutor);
                getContext()
                        .pipeToSelf(
                                generation,
                                (result, error) ->
                                        new Finished(job, runningOn, result, unwrap(error), started, firstToken.get()));
            }
            publishGauges();
        }

        private boolean expired(Queued job) {
            if (!pastDeadline(job.request())) {
                return false;
            }
            failed++;
            reject(
                    job.request(),
                    FailureKind.TIMEOUT,
                    "task " + job.request().taskId() + " waited in the queue of model " + model + " on node "
                            + nodeLabel + " past its deadline");
            return true;
        }

        private static boolean pastDeadline(Generate request) {
            return request.deadlineEpochMillis() > 0 && System.currentTimeMillis() >= request.deadlineEpochMillis();
        }

        private Behavior<Command> onSweep() {
            queue.removeIf(this::expired);
            if (state == State.READY && engine != null) {
                // an engine process that died while idle is noticed here, not by the next request
                engine.crashReason()
                        .ifPresent(reason ->
                                crashed("model " + model + " on node " + nodeLabel + ": engine crashed: " + reason));
            }
            publishGauges();
            if (drainedTo != null
                    && queue.isEmpty()
                    && running == 0
                    && System.nanoTime() - drainStartedNanos >= DRAIN_GRACE.toNanos()) {
                getContext().getLog().info("model {} drained on node {}; stopping its worker", model, nodeLabel);
                drainedTo.tell(new Drained(model));
                return Behaviors.stopped();
            }
            return this;
        }

        private Behavior<Command> onDrain(Drain drain) {
            if (drainedTo == null) {
                drainStartedNanos = System.nanoTime();
                getContext().getLog().info("draining model {} on node {}", model, nodeLabel);
                getContext()
                        .getSystem()
                        .receptionist()
                        .tell(Receptionist.deregister(ALL_WORKERS, getContext().getSelf()));
                getContext()
                        .getSystem()
                        .receptionist()
                        .tell(Receptionist.deregister(
                                keyFor(model), getContext().getSelf()));
            }
            drainedTo = drain.replyTo();
            return this;
        }

        /**
         * The engine's process died: restart it with the backoff, or give the model up on this member when it
         * crashed {@link WorkerSettings#maxCrashes()} times within the crash window.
         */
        private void crashed(String reason) {
            long now = System.nanoTime();
            crashes.addLast(now);
            while (!crashes.isEmpty()
                    && now - crashes.peekFirst() > settings.crashWindow().toNanos()) {
                crashes.pollFirst();
            }
            metrics.crashed(model);
            if (crashes.size() < settings.maxCrashes()) {
                restartEngine(reason);
                return;
            }
            restarts++;
            state = State.GAVE_UP;
            lastError = reason + " (gave up after " + crashes.size() + " crashes within "
                    + settings.crashWindow().toSeconds() + " s; fix the cause and restart the member)";
            getContext().getLog().error("{}", lastError);
            closeInBackground(engine);
            engine = null;
            while (!queue.isEmpty()) {
                Queued job = queue.poll();
                reject(job.request(), FailureKind.UNAVAILABLE, lastError);
                failed++;
            }
            publishGauges();
        }

        private Behavior<Command> onFinished(Finished done) {
            running--;
            Generate request = done.job().request();
            long queueMillis = (done.startedNanos() - done.job().enqueuedNanos()) / 1_000_000L;
            if (done.error() == null) {
                GenerationResult result = done.result();
                long elapsed = System.nanoTime() - done.startedNanos();
                if (result.latencyNanos() <= 0) {
                    result = new GenerationResult(
                            result.text(),
                            result.promptTokens(),
                            result.outputTokens(),
                            elapsed,
                            result.finishReason());
                }
                completed++;
                metrics.generated(
                        model,
                        result.promptTokens(),
                        result.outputTokens(),
                        done.firstTokenNanos() == 0 ? 0 : done.firstTokenNanos() - done.startedNanos(),
                        elapsed);
                promptTokens += result.promptTokens();
                outputTokens += result.outputTokens();
                generationNanos += result.latencyNanos();
                backoff = settings.restartBackoffMin();
                request.replyTo().tell(new Generated(request.taskId(), model, result, queueMillis));
            } else {
                failed++;
                metrics.busy(model, System.nanoTime() - done.startedNanos());
                String reason =
                        "model " + model + " on node " + nodeLabel + " failed to generate: " + describe(done.error());
                if (done.error() instanceof InvalidRequestException) {
                    // the client's mistake: the engine is fine and its last error stays what it was
                    reject(request, FailureKind.INVALID_REQUEST, describe(done.error()));
                    runQueued();
                    return this;
                }
                lastError = reason;
                if (done.error() instanceof EngineCrashedException) {
                    reject(request, FailureKind.ENGINE_CRASHED, reason);
                    if (done.engine() == engine && state == State.READY) {
                        crashed(reason);
                    }
                    runQueued();
                    return this;
                }
                reject(request, FailureKind.ENGINE_ERROR, reason);
                boolean engineBroken = !(done.error() instanceof EngineException);
                if (engineBroken && done.engine() == engine && state == State.READY) {
                    restartEngine(reason);
                }
            }
            runQueued();
            return this;
        }

        private void restartEngine(String reason) {
            restarts++;
            metrics.restarted(model);
            state = State.RESTARTING;
            publishGauges();
            getContext().getLog().warn("{}; reloading the engine in {} ms", reason, backoff.toMillis());
            closeInBackground(engine);
            engine = null;
            scheduleReload();
        }

        private Behavior<Command> onGetStatus(GetStatus query) {
            query.replyTo()
                    .tell(new WorkerStatus(
                            nodeLabel,
                            model,
                            state.name(),
                            queue.size(),
                            running,
                            settings.queueCapacity(),
                            settings.concurrency(),
                            completed,
                            failed,
                            rejected,
                            restarts,
                            promptTokens,
                            outputTokens,
                            generationNanos / 1_000_000L,
                            lastError,
                            processStatus()));
            return this;
        }

        private Behavior<Command> onStop() {
            if (engine != null) {
                closeInBackground(engine);
                engine = null;
            }
            return this;
        }

        private void reject(Generate request, FailureKind kind, String reason) {
            metrics.failed(model, kind.name().toLowerCase(Locale.ROOT));
            request.replyTo().tell(new Rejected(request.taskId(), model, kind, reason));
        }

        private void closeInBackground(InferenceEngine toClose) {
            engineExecutor.execute(() -> closeQuietly(toClose));
        }
    }

    private static void closeQuietly(InferenceEngine engine) {
        try {
            engine.close();
        } catch (RuntimeException ignored) {
            // closing a broken engine may fail too; it is being discarded either way
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
