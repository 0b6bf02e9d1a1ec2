package org.slmcluster.actors.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.metrics.MemberMetrics;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.NoRouteException;
import org.slmcluster.topology.RoutingTable;
import org.slmcluster.topology.Topology;

/**
 * One per node, at {@code /user/router}: forwards envelopes to the router of the next hop (overlay mode)
 * or straight to the destination (direct mode), avoiding labels that no Up, reachable member holds, and
 * delivers payloads addressed to its own label locally: {@link Probe}s are answered with
 * {@link Delivered}, {@link WorkRequest}s go to the local model worker (its answer is routed back to the
 * request's source as a {@link WorkResult}), and {@link WorkResult}s go to the attached dispatcher.
 *
 * <p>Envelopes that cannot be routed or whose TTL runs out go to their {@code returnTo} as
 * {@link Undeliverable} with the reason; without a {@code returnTo} the reason is logged as a warning.
 *
 * <p>A router learns who serves which label in one of two ways, and routes the same either way:
 * {@link #create} follows Pekko cluster membership (the routers of other members are at
 * {@code <member address>/user/router}); {@link #createWithFixedPeers} is told the routers once with
 * {@link UsePeers}, so that many routers can share one ActorSystem (the scale simulation runs thousands).
 */
public final class DeBruijnRouter {

    /** Actor name under the guardian; other routers are found at {@code <member address>/user/router}. */
    public static final String NAME = "router";

    private static final Duration PENDING_SWEEP = Duration.ofSeconds(5);
    private static final long PENDING_GRACE_MILLIS = 30_000L;

    public interface Command {}

    /** Local entry point: wrap {@code payload} in a new envelope from this node to {@code destination}. */
    public record Send(String destination, Payload payload, ActorRef<Undeliverable> returnTo) implements Command {}

    /**
     * Local: where payloads of kind {@link WorkResult} and {@link WorkProgress} go on this node (the
     * coordinator's dispatcher); {@code progress} may be null (progress is then dropped).
     */
    public record AttachDispatcher(ActorRef<WorkResult> dispatcher, ActorRef<WorkProgress> progress)
            implements Command {

        public AttachDispatcher(ActorRef<WorkResult> dispatcher) {
            this(dispatcher, null);
        }
    }

    /**
     * Local, for routers made by {@link #createWithFixedPeers}: the routers of the live labels (own label
     * included or not), as an immutable map. Labels missing from it are down. Pass the same map to every router.
     */
    public record UsePeers(Map<String, ActorRef<Command>> routers) implements Command {}

    /**
     * Local: from now on work for {@code model} goes to {@code worker} on this node; a null worker means the
     * node no longer hosts the model (a worker started or stopped while the member runs). {@code model} may be
     * {@code name@version}: the worker of that store version, for tasks that name it.
     */
    public record SetWorker(String model, ActorRef<ModelWorker.Command> worker) implements Command {}

    /** What this router currently believes about the cluster. */
    public record GetView(ActorRef<View> replyTo) implements Command, ClusterMessage {}

    /**
     * @param label        this router's label
     * @param memberLabels labels held by Up, reachable members (own label included), in label order
     * @param unavailable  topology labels that routes avoid (no Up reachable member holds them), in label order
     */
    public record View(String label, List<String> memberLabels, List<String> unavailable) implements ClusterMessage {}

    private record ClusterChanged(ClusterEvent.ClusterDomainEvent event) implements Command {}

    private record WorkerAnswered(ModelWorker.Reply reply) implements Command {}

    private record WorkerStreamed(ModelWorker.Chunk chunk) implements Command {}

    private enum SweepPending implements Command {
        INSTANCE
    }

    private DeBruijnRouter() {}

    /** Path of the router on the member at {@code address}, as ActorRefResolver accepts it. */
    public static String pathAt(Address address) {
        return address + "/user/" + NAME;
    }

    /** The router of a cluster member; must run in the member's ActorSystem at {@value #NAME}. */
    public static Behavior<Command> create(
            RouterSettings settings, Map<String, ActorRef<ModelWorker.Command>> workers) {
        Topology topology = settings.topology();
        Behavior<Command> router = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(SweepPending.INSTANCE, PENDING_SWEEP);
            return new Router(context, settings, topology, workers, true);
        }));
        // after a restart the view is rebuilt from the initial cluster state the subscription replays
        return Behaviors.supervise(router).onFailure(Exception.class, SupervisorStrategy.restart());
    }

    /**
     * A router that ignores cluster membership and routes among the routers it is given with
     * {@link UsePeers} (until then every other label is down). Any name, any ActorSystem; routers of one
     * overlay should share {@code topology} (it is immutable and large overlays are big).
     */
    public static Behavior<Command> createWithFixedPeers(
            RouterSettings settings, Topology topology, Map<String, ActorRef<ModelWorker.Command>> workers) {
        if (topology.arity() != settings.arity() || topology.depth() != settings.depth()) {
            throw new IllegalArgumentException("topology arity " + topology.arity() + " depth " + topology.depth()
                    + " does not match node " + settings.label() + "'s arity " + settings.arity() + " depth "
                    + settings.depth());
        }
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(SweepPending.INSTANCE, PENDING_SWEEP);
            return new Router(context, settings, topology, workers, false);
        }));
    }

    private static final class Router extends AbstractBehavior<Command> {

        private final RouterSettings settings;
        private final String self;
        private final Topology topology;
        private final Map<String, ActorRef<ModelWorker.Command>> workers;
        private RouterDirectory directory;
        /** Next hop per destination around the unavailable labels; rebuilt after membership changes. */
        private RoutingTable table;

        private final Map<String, Envelope> pendingWork = new HashMap<>();
        /** Store version of the worker each pending correlation went to (absent for node-file workers). */
        private final Map<String, String> servedBy = new HashMap<>();

        private final ActorRef<ModelWorker.Reply> workerReplies;
        private final ActorRef<ModelWorker.Chunk> workerChunks;
        private ActorRef<WorkProgress> progress;
        private Set<String> unavailable;
        private ActorRef<WorkResult> dispatcher;
        private final MemberMetrics metrics;

        Router(
                ActorContext<Command> context,
                RouterSettings settings,
                Topology topology,
                Map<String, ActorRef<ModelWorker.Command>> workers,
                boolean followCluster) {
            super(context);
            this.settings = settings;
            this.self = settings.label();
            this.metrics = MemberMetrics.get(context.getSystem());
            this.topology = topology;
            this.workers = new HashMap<>(workers);
            this.workerReplies = context.messageAdapter(ModelWorker.Reply.class, WorkerAnswered::new);
            this.workerChunks = context.messageAdapter(ModelWorker.Chunk.class, WorkerStreamed::new);
            if (followCluster) {
                Cluster cluster = Cluster.get(context.getSystem());
                this.directory = new ClusterRouterDirectory(
                        ActorRefResolver.get(context.getSystem()),
                        cluster.selfMember().address(),
                        context.getSelf());
                ActorRef<ClusterEvent.MemberEvent> members =
                        context.messageAdapter(ClusterEvent.MemberEvent.class, ClusterChanged::new);
                ActorRef<ClusterEvent.ReachabilityEvent> reachability =
                        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ClusterChanged::new);
                cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
                cluster.subscriptions().tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
            } else {
                this.directory = FixedRouterDirectory.EMPTY;
            }
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Envelope.class, this::onEnvelope)
                    .onMessage(Send.class, this::onSend)
                    .onMessage(AttachDispatcher.class, this::onAttachDispatcher)
                    .onMessage(GetView.class, this::onGetView)
                    .onMessage(ClusterChanged.class, this::onClusterChanged)
                    .onMessage(UsePeers.class, this::onUsePeers)
                    .onMessage(SetWorker.class, this::onSetWorker)
                    .onMessage(WorkerAnswered.class, this::onWorkerAnswered)
                    .onMessage(WorkerStreamed.class, this::onWorkerStreamed)
                    .onMessageEquals(SweepPending.INSTANCE, this::onSweepPending)
                    .build();
        }

        private Behavior<Command> onSend(Send send) {
            Envelope envelope = new Envelope(
                    UUID.randomUUID().toString(),
                    self,
                    send.destination(),
                    settings.ttl(),
                    List.of(),
                    send.payload(),
                    send.returnTo());
            return onEnvelope(envelope);
        }

        private Behavior<Command> onEnvelope(Envelope received) {
            Envelope envelope = received.visitedBy(self);
            String destination = envelope.destination();
            if (self.equals(destination)) {
                deliverLocally(envelope);
                return this;
            }
            if (!topology.contains(destination)) {
                fail(
                        envelope,
                        "unknown_destination",
                        "unknown destination label '" + destination + "' (arity " + topology.arity() + ", depth "
                                + topology.depth() + ")");
                return this;
            }
            if (unavailable().contains(destination)) {
                fail(envelope, "destination_unreachable", "no reachable member holds destination label " + destination);
                return this;
            }
            String next;
            if (settings.routingMode() == RoutingMode.DIRECT) {
                next = destination;
            } else {
                try {
                    next = table().nextHop(envelope.source(), destination);
                } catch (NoRouteException e) {
                    fail(envelope, "no_route", e.getMessage());
                    return this;
                }
            }
            if (envelope.ttl() <= 0) {
                fail(
                        envelope,
                        "ttl_exhausted",
                        "TTL exhausted at " + self + " after " + envelope.hops() + " hops, " + destination
                                + " not reached (trace " + envelope.trace() + ")");
                return this;
            }
            Optional<ActorRef<Command>> router =
                    next.equals(self) ? Optional.of(getContext().getSelf()) : directory.routerOf(next);
            if (router.isEmpty()) {
                fail(
                        envelope,
                        "next_hop_unreachable",
                        "next hop " + next + " towards " + destination + " has no reachable member");
                return this;
            }
            if (!next.equals(self)) {
                metrics.relayed(self, next);
            }
            router.get().tell(envelope.forwarded());
            return this;
        }

        // One table (degree + 1 BFS) serves every destination: a BFS per new destination made each first
        // hop to it cost a walk over the whole overlay (see the scale simulation in benchmarks/RESULTS.md).
        private RoutingTable table() {
            if (table == null) {
                table = RoutingTable.of(topology, self, unavailable());
            }
            return table;
        }

        private Set<String> unavailable() {
            if (unavailable == null) {
                unavailable = topology.labelsOutside(directory.liveLabels(), self);
            }
            return unavailable;
        }

        private void deliverLocally(Envelope envelope) {
            Payload payload = envelope.payload();
            if (payload instanceof Probe probe) {
                probe.replyTo().tell(new Delivered(envelope));
            } else if (payload instanceof WorkRequest work) {
                deliverWork(envelope, work);
            } else if (payload instanceof WorkProgress streamed) {
                if (progress == null) {
                    getContext()
                            .getLog()
                            .debug("router {}: no one takes the progress of task {}", self, streamed.taskId());
                } else {
                    progress.tell(streamed);
                }
            } else if (payload instanceof WorkResult result) {
                if (dispatcher == null) {
                    fail(
                            envelope,
                            "no_handler",
                            "node " + self + " has no dispatcher for the result of task " + result.taskId());
                } else {
                    dispatcher.tell(result.withReplyTrace(envelope.trace()));
                }
            } else {
                fail(
                        envelope,
                        "no_handler",
                        "node " + self + " cannot handle payload "
                                + payload.getClass().getSimpleName());
            }
        }

        private Behavior<Command> onSetWorker(SetWorker set) {
            if (set.worker() == null) {
                workers.remove(set.model());
            } else {
                workers.put(set.model(), set.worker());
            }
            return this;
        }

        private void deliverWork(Envelope envelope, WorkRequest work) {
            ActorRef<ModelWorker.Command> worker = workers.get(work.model());
            if (worker == null) {
                routeBack(
                        envelope,
                        work,
                        null,
                        FailureKind.UNKNOWN_MODEL,
                        "node " + self + " does not host model " + work.model(),
                        0,
                        null);
                return;
            }
            String correlation = correlation(work.taskId(), work.attempt());
            pendingWork.put(correlation, envelope);
            String version = ModelWorker.versionOf(worker);
            if (version != null) {
                servedBy.put(correlation, version);
            }
            worker.tell(new ModelWorker.Generate(
                    correlation,
                    work.request(),
                    work.deadlineEpochMillis(),
                    workerReplies,
                    work.stream() ? workerChunks : null));
        }

        private Behavior<Command> onWorkerStreamed(WorkerStreamed streamed) {
            ModelWorker.Chunk chunk = streamed.chunk();
            Envelope request = pendingWork.get(chunk.taskId());
            if (request == null) {
                return this;
            }
            WorkRequest work = (WorkRequest) request.payload();
            // no returnTo: a lost piece of progress is not worth a failure; the result follows the same path
            onEnvelope(new Envelope(
                    UUID.randomUUID().toString(),
                    self,
                    request.source(),
                    settings.ttl(),
                    List.of(),
                    new WorkProgress(work.taskId(), work.attempt(), chunk.text(), chunk.sequence()),
                    null));
            return this;
        }

        private Behavior<Command> onWorkerAnswered(WorkerAnswered answered) {
            ModelWorker.Reply reply = answered.reply();
            Envelope request = pendingWork.remove(reply.taskId());
            if (request == null) {
                getContext().getLog().warn("router {}: answer for unknown or expired work {}", self, reply.taskId());
                return this;
            }
            WorkRequest work = (WorkRequest) request.payload();
            String version = servedBy.remove(reply.taskId());
            if (reply instanceof ModelWorker.Generated generated) {
                routeBack(request, work, generated, null, null, generated.queueMillis(), version);
            } else if (reply instanceof ModelWorker.Rejected rejected) {
                routeBack(request, work, null, rejected.kind(), rejected.reason(), 0, null);
            }
            return this;
        }

        private void routeBack(
                Envelope request,
                WorkRequest work,
                ModelWorker.Generated generated,
                FailureKind kind,
                String reason,
                long queueMillis,
                String version) {
            WorkResult result = generated != null
                    ? new WorkResult.Generated(
                            work.taskId(),
                            work.attempt(),
                            work.model(),
                            self,
                            generated.result(),
                            request.trace(),
                            List.of(),
                            queueMillis,
                            version)
                    : new WorkResult.Failed(
                            work.taskId(),
                            work.attempt(),
                            work.model(),
                            self,
                            kind,
                            reason,
                            request.trace(),
                            List.of());
            // Failures on the way back reach the request's returnTo with the result inside, so nothing is lost.
            Envelope back = new Envelope(
                    UUID.randomUUID().toString(),
                    self,
                    request.source(),
                    settings.ttl(),
                    List.of(),
                    result,
                    request.returnTo());
            onEnvelope(back);
        }

        private Behavior<Command> onSweepPending() {
            long cutoff = System.currentTimeMillis() - PENDING_GRACE_MILLIS;
            Iterator<Map.Entry<String, Envelope>> entries =
                    pendingWork.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, Envelope> entry = entries.next();
                WorkRequest work = (WorkRequest) entry.getValue().payload();
                if (work.deadlineEpochMillis() > 0 && work.deadlineEpochMillis() < cutoff) {
                    getContext()
                            .getLog()
                            .warn("router {}: worker never answered {}; forgetting it", self, entry.getKey());
                    servedBy.remove(entry.getKey());
                    entries.remove();
                }
            }
            return this;
        }

        private Behavior<Command> onAttachDispatcher(AttachDispatcher attach) {
            dispatcher = attach.dispatcher();
            progress = attach.progress();
            return this;
        }

        private Behavior<Command> onGetView(GetView query) {
            List<String> labels = new ArrayList<>(directory.liveLabels());
            if (!labels.contains(self)) {
                labels.add(self);
            }
            labels.sort(Labels.ORDER);
            List<String> down = new ArrayList<>(unavailable());
            down.sort(Labels.ORDER);
            query.replyTo().tell(new View(self, labels, down));
            return this;
        }

        private Behavior<Command> onClusterChanged(ClusterChanged changed) {
            if (directory instanceof ClusterRouterDirectory cluster && cluster.apply(changed.event())) {
                forgetRoutes();
            }
            return this;
        }

        private Behavior<Command> onUsePeers(UsePeers peers) {
            if (directory instanceof ClusterRouterDirectory) {
                getContext()
                        .getLog()
                        .warn("router {}: ignoring a fixed peer list, this router follows cluster membership", self);
                return this;
            }
            directory = new FixedRouterDirectory(peers.routers());
            forgetRoutes();
            return this;
        }

        private void forgetRoutes() {
            unavailable = null;
            table = null;
        }

        /** {@code cause} is the metric's snake_case reason label, {@code reason} the line for people. */
        private void fail(Envelope envelope, String cause, String reason) {
            metrics.undeliverable(cause);
            if (envelope.returnTo() != null) {
                getContext().getLog().debug("router {}: returning envelope {}: {}", self, envelope.id(), reason);
                envelope.returnTo().tell(new Undeliverable(envelope, self, reason));
            } else {
                getContext()
                        .getLog()
                        .warn(
                                "router {}: cannot deliver envelope {} ({}) and it names no sender to tell: {}",
                                self,
                                envelope.id(),
                                envelope.payload().getClass().getSimpleName(),
                                reason);
            }
        }
    }

    static String correlation(String taskId, int attempt) {
        return taskId + "#" + attempt;
    }
}
