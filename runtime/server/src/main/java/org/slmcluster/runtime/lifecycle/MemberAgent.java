package org.slmcluster.runtime.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.actors.lifecycle.ModelPlacement.AssignedModel;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.NodeRuntime;

/**
 * A member's side of the model lifecycle. About once a second it reports its models' states to the
 * coordinator's placement service and converges to the answer: fetches an assigned version through its tree
 * parent ({@link BlobCache}), starts a worker for it once the file is verified ({@link NodeRuntime#host}),
 * and drains and stops workers of versions no longer assigned, then deletes their files. A version that
 * replaces another of the same model keeps the old one serving until the new one is ready.
 */
public final class MemberAgent {

    static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_FAILED = Duration.ofSeconds(5);

    private MemberAgent() {}

    interface Command {}

    private enum Tick implements Command {
        INSTANCE
    }

    private record CoordinatorListing(Receptionist.Listing listing) implements Command {}

    private record Assigned(ModelPlacement.Assignment assignment) implements Command {}

    private record Fetched(String key, Throwable error) implements Command {}

    private record Hosted(String key, ActorRef<ModelWorker.Command> worker, Throwable error) implements Command {}

    private record WorkerState(String key, WorkerStatus status) implements Command {}

    private record Unhosted(String key, Throwable error) implements Command {}

    /** One model version on this member. */
    private static final class Local {
        final String model;
        final String version;
        final String digest;
        final int contextSize;
        String phase = ModelPlacement.ABSENT;
        String reason;
        ActorRef<ModelWorker.Command> worker;
        long retryAtNanos;

        Local(String model, String version, String digest, int contextSize) {
            this.model = model;
            this.version = version;
            this.digest = digest;
            this.contextSize = contextSize;
        }
    }

    public static Behavior<Command> create(NodeRuntime node, BlobCache cache, String blobUrl) {
        return create(node, cache, blobUrl, false);
    }

    /**
     * @param fromCoordinator fetch model files straight from the coordinator instead of the tree parent
     *                        ({@code slm.lifecycle.fetch-from = coordinator}; the placement benchmark's baseline)
     */
    public static Behavior<Command> create(NodeRuntime node, BlobCache cache, String blobUrl, boolean fromCoordinator) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, REPORT_INTERVAL);
            return new Agent(context, node, cache, blobUrl, fromCoordinator);
        }));
    }

    private static final class Agent extends AbstractBehavior<Command> {

        private final NodeRuntime node;
        private final BlobCache cache;
        private final String blobUrl;
        private final boolean fromCoordinator;
        private final ActorRef<ModelPlacement.Assignment> assignments;
        private final Map<String, Local> locals = new LinkedHashMap<>();
        private ActorRef<ModelPlacement.Report> coordinator;

        Agent(
                ActorContext<Command> context,
                NodeRuntime node,
                BlobCache cache,
                String blobUrl,
                boolean fromCoordinator) {
            super(context);
            this.fromCoordinator = fromCoordinator;
            this.node = node;
            this.cache = cache;
            this.blobUrl = blobUrl;
            this.assignments = context.messageAdapter(ModelPlacement.Assignment.class, Assigned::new);
            ActorRef<Receptionist.Listing> listings =
                    context.messageAdapter(Receptionist.Listing.class, CoordinatorListing::new);
            context.getSystem().receptionist().tell(Receptionist.subscribe(ModelPlacement.SERVICE_KEY, listings));
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessageEquals(Tick.INSTANCE, this::onTick)
                    .onMessage(CoordinatorListing.class, this::onListing)
                    .onMessage(Assigned.class, this::onAssigned)
                    .onMessage(Fetched.class, this::onFetched)
                    .onMessage(Hosted.class, this::onHosted)
                    .onMessage(WorkerState.class, this::onWorkerState)
                    .onMessage(Unhosted.class, this::onUnhosted)
                    .build();
        }

        private Behavior<Command> onListing(CoordinatorListing listing) {
            Set<ActorRef<ModelPlacement.Report>> services =
                    listing.listing().getServiceInstances(ModelPlacement.SERVICE_KEY);
            coordinator = services.isEmpty() ? null : services.iterator().next();
            return this;
        }

        private Behavior<Command> onTick() {
            for (Map.Entry<String, Local> entry : locals.entrySet()) {
                Local local = entry.getValue();
                if (local.worker != null
                        && (ModelPlacement.LOADING.equals(local.phase) || ModelPlacement.READY.equals(local.phase))) {
                    String key = entry.getKey();
                    getContext()
                            .ask(
                                    WorkerStatus.class,
                                    local.worker,
                                    ASK_TIMEOUT,
                                    ModelWorker.GetStatus::new,
                                    (status, error) -> new WorkerState(key, status));
                }
            }
            if (coordinator != null) {
                List<String> transfers = cache.drainTransferLog();
                coordinator.tell(new ModelPlacement.Report(node.label(), blobUrl, states(), transfers, assignments));
            }
            return this;
        }

        private List<ModelPlacement.ModelState> states() {
            List<ModelPlacement.ModelState> states = new ArrayList<>();
            for (Local local : locals.values()) {
                int percent = 0;
                if (ModelPlacement.TRANSFERRING.equals(local.phase)) {
                    percent = cache.progress(local.digest)
                            .map(BlobCache.Progress::percent)
                            .orElse(0);
                } else if (!ModelPlacement.ABSENT.equals(local.phase) && !ModelPlacement.FAILED.equals(local.phase)) {
                    percent = 100;
                }
                states.add(new ModelPlacement.ModelState(
                        local.model, local.digest, local.phase, percent, local.reason, local.version));
            }
            return states;
        }

        private static String key(String model, String version) {
            return model + "@" + version;
        }

        private Behavior<Command> onAssigned(Assigned assigned) {
            ModelPlacement.Assignment assignment = assigned.assignment();
            if (fromCoordinator && !org.slmcluster.topology.Labels.ROOT.equals(node.label())) {
                cache.parent(org.slmcluster.topology.Labels.ROOT, assignment.rootBlobUrl());
            } else {
                cache.parent(Placements.parentOf(node.label()), assignment.parentBlobUrl());
            }
            Map<String, AssignedModel> wanted = assignment.models().stream()
                    .collect(Collectors.toMap(
                            m -> key(m.model(), m.version()), m -> m, (a, b) -> a, LinkedHashMap::new));
            wanted.forEach((key, model) -> converge(
                    key,
                    locals.computeIfAbsent(
                            key, k -> new Local(model.model(), model.version(), model.digest(), model.contextSize()))));
            for (Map.Entry<String, Local> entry : List.copyOf(locals.entrySet())) {
                if (!wanted.containsKey(entry.getKey())) {
                    retire(entry.getKey(), entry.getValue(), wanted);
                }
            }
            return this;
        }

        /** Moves one assigned version a step towards ready. */
        private void converge(String key, Local local) {
            boolean retry = ModelPlacement.FAILED.equals(local.phase) && System.nanoTime() >= local.retryAtNanos;
            if (!ModelPlacement.ABSENT.equals(local.phase) && !retry) {
                return;
            }
            local.reason = null;
            Optional<Path> file = cache.file(local.digest);
            if (file.isPresent()) {
                startWorker(key, local, file.get());
                return;
            }
            local.phase = ModelPlacement.TRANSFERRING;
            getContext().pipeToSelf(cache.fetch(local.digest), (path, error) -> new Fetched(key, error));
        }

        private void startWorker(String key, Local local, Path file) {
            local.phase = ModelPlacement.LOADING;
            ModelSpec spec = ModelSpec.llamaCpp(local.model, file.toString(), local.digest)
                    .withContextSize(local.contextSize);
            getContext()
                    .pipeToSelf(
                            node.host(spec, local.version, ASK_TIMEOUT),
                            (worker, error) -> new Hosted(key, worker, error));
        }

        /** A version no longer assigned: drained and removed once nothing else of its model is on the way. */
        private void retire(String key, Local local, Map<String, AssignedModel> wanted) {
            if (ModelPlacement.DRAINING.equals(local.phase)) {
                return;
            }
            if (local.worker == null) {
                if (!ModelPlacement.LOADING.equals(local.phase)) {
                    locals.remove(key);
                }
                return;
            }
            boolean replacementOnTheWay = wanted.keySet().stream()
                    .map(locals::get)
                    .anyMatch(other -> other != null
                            && other.model.equals(local.model)
                            && !ModelPlacement.READY.equals(other.phase));
            if (replacementOnTheWay) {
                return; // keep serving until the new version is ready
            }
            local.phase = ModelPlacement.DRAINING;
            getContext()
                    .pipeToSelf(
                            node.unhost(local.model, local.version, Duration.ofMinutes(10)),
                            (done, error) -> new Unhosted(key, error));
        }

        private Behavior<Command> onFetched(Fetched fetched) {
            Local local = locals.get(fetched.key());
            if (local == null) {
                return this;
            }
            if (fetched.error() != null) {
                fail(local, "transfer failed: " + rootMessage(fetched.error()));
                return this;
            }
            if (ModelPlacement.TRANSFERRING.equals(local.phase)) {
                local.phase = ModelPlacement.VERIFYING; // verified by the cache; the worker starts next
                cache.file(local.digest)
                        .ifPresentOrElse(
                                file -> startWorker(fetched.key(), local, file),
                                () -> fail(local, "the file vanished after its transfer"));
            }
            return this;
        }

        private Behavior<Command> onHosted(Hosted hosted) {
            Local local = locals.get(hosted.key());
            if (local == null) {
                return this;
            }
            if (hosted.error() != null) {
                fail(local, "worker did not start: " + rootMessage(hosted.error()));
            } else {
                local.worker = hosted.worker();
            }
            return this;
        }

        private Behavior<Command> onWorkerState(WorkerState state) {
            Local local = locals.get(state.key());
            if (local == null || state.status() == null || ModelPlacement.DRAINING.equals(local.phase)) {
                return this;
            }
            switch (state.status().state()) {
                case "READY" -> local.phase = ModelPlacement.READY;
                case "GAVE_UP" -> {
                    local.phase = ModelPlacement.FAILED;
                    local.reason = state.status().lastError();
                }
                case "FAILED" -> local.reason = state.status().lastError();
                default -> {}
            }
            return this;
        }

        private Behavior<Command> onUnhosted(Unhosted unhosted) {
            Local local = locals.remove(unhosted.key());
            if (local == null) {
                return this;
            }
            boolean stillUsed = locals.values().stream().anyMatch(other -> other.digest.equals(local.digest));
            if (!stillUsed && !node.label().equals(org.slmcluster.topology.Labels.ROOT)) {
                cache.delete(local.digest);
                getContext()
                        .getLog()
                        .info("model {} ({}) removed from node {}", local.model, local.version, node.label());
            }
            return this;
        }

        private static void fail(Local local, String reason) {
            local.phase = ModelPlacement.FAILED;
            local.reason = reason;
            local.retryAtNanos = System.nanoTime() + RETRY_FAILED.toNanos();
        }

        private static String rootMessage(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        }
    }
}
