package org.slmcluster.actors.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.routing.ClusterView;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkProgress;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.NoRouteException;
import org.slmcluster.topology.Route;
import org.slmcluster.topology.RoutingTable;
import org.slmcluster.topology.Topology;

/**
 * Runs on the coordinator (label {@code root}). For each task it picks a reachable member hosting the
 * model (fewest outstanding attempts, then fewest hops, then label order; a task naming {@code model@version}
 * goes to a worker of that store version only), routes the request there and
 * the result back, re-dispatches when that member becomes unreachable or is removed, when the attempt
 * times out, or when the worker answers OVERLOADED / ENGINE_ERROR, and answers each task id exactly once
 * (late and duplicate results are dropped by task id). Which member hosts which model comes from the
 * receptionist ({@link ModelWorker#ALL_WORKERS}); labels and reachability from cluster membership.
 */
public final class TaskDispatcher {

    /** The dispatcher registers under this key so any member can find it. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "slm-dispatcher");

    public static final String NAME = "dispatcher";

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

    public interface Command {}

    /**
     * Run {@code request} on a node hosting {@code model}; the answer is one {@link TaskResult}. Submitting
     * an id that is still running adds {@code replyTo} as another recipient of the same single answer.
     *
     * @param deadlineEpochMillis wall-clock deadline; 0 means the node's default deadline from now
     */
    public record Submit(
            String taskId,
            String model,
            GenerationRequest request,
            long deadlineEpochMillis,
            ActorRef<TaskResult> replyTo,
            ActorRef<TaskProgress> progressTo)
            implements Command, ClusterMessage {

        /** A task whose answer comes whole. */
        public Submit(
                String taskId,
                String model,
                GenerationRequest request,
                long deadlineEpochMillis,
                ActorRef<TaskResult> replyTo) {
            this(taskId, model, request, deadlineEpochMillis, replyTo, null);
        }

        public Submit {
            if (taskId == null || taskId.isBlank()) {
                throw new IllegalArgumentException("a task needs a non-blank id");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("task " + taskId + " names no model");
            }
            if (request == null) {
                throw new IllegalArgumentException("task " + taskId + " has no generation request");
            }
            if (replyTo == null) {
                throw new IllegalArgumentException("task " + taskId + " has no replyTo");
            }
        }

        public static Submit within(
                String taskId,
                String model,
                GenerationRequest request,
                Duration timeout,
                ActorRef<TaskResult> replyTo) {
            return new Submit(taskId, model, request, System.currentTimeMillis() + timeout.toMillis(), replyTo);
        }

        /**
         * Streaming: {@code progressTo} gets the text as it is generated ({@link TaskProgress}), all of it
         * before the {@link TaskResult} when both go to the same actor. Once text has been streamed the task is
         * no longer re-dispatched to another node (the caller has seen part of an answer): it fails instead.
         */
        public static Submit streaming(
                String taskId,
                String model,
                GenerationRequest request,
                Duration timeout,
                ActorRef<TaskResult> replyTo,
                ActorRef<TaskProgress> progressTo) {
            return new Submit(
                    taskId, model, request, System.currentTimeMillis() + timeout.toMillis(), replyTo, progressTo);
        }
    }

    /** Members, labels, hosted models and queue depths. */
    public record GetClusterStatus(ActorRef<ClusterStatus> replyTo) implements Command, ClusterMessage {}

    private record ResultArrived(WorkResult result) implements Command {}

    private record ProgressArrived(WorkProgress progress) implements Command {}

    private record Bounced(Undeliverable undeliverable) implements Command {}

    private record WorkersChanged(Receptionist.Listing listing) implements Command {}

    private record ClusterChanged(ClusterEvent.ClusterDomainEvent event) implements Command {}

    private record DeadlineReached(String taskId) implements Command {}

    private record AttemptTimedOut(String taskId, int attempt) implements Command {}

    private record RetryRouting(String taskId) implements Command {}

    /**
     * Rounds of retrying the hosts whose envelopes bounced for lack of a route. Each member's router and
     * this dispatcher learn of membership changes independently, so for a moment they can disagree (a
     * member just Up here but not yet at a router on the way); waiting a little is then better than
     * failing a task whose deadline is far.
     */
    private static final int ROUTE_RETRY_ROUNDS = 3;

    private static final Duration ROUTE_RETRY_BACKOFF = Duration.ofMillis(500);

    private TaskDispatcher() {}

    public static Behavior<Command> create(DispatcherSettings settings, ActorRef<DeBruijnRouter.Command> router) {
        Behavior<Command> dispatcher = Behaviors.setup(
                context -> Behaviors.withTimers(timers -> new Dispatcher(context, timers, settings, router)));
        // a bug must not take dispatch down for good; running tasks are lost and their callers time out
        return Behaviors.supervise(dispatcher).onFailure(Exception.class, SupervisorStrategy.restart());
    }

    /**
     * One open attempt: where it went, which member held that label then, and the members relaying it there and
     * back on the overlay (a relay that dies takes the request or the answer with it).
     */
    private record Attempt(int number, String label, UniqueAddress member, Map<String, UniqueAddress> relays) {}

    private static final class Task {
        final Submit submit;
        final long deadline;
        final List<ActorRef<TaskResult>> waiters = new ArrayList<>();
        final List<ActorRef<TaskProgress>> watchers = new ArrayList<>();
        int streamed;
        final Set<String> tried = new LinkedHashSet<>();
        final Map<Integer, Attempt> open = new HashMap<>();
        int attempts;
        Attempt current;
        FailureKind lastKind;
        String lastReason;
        int routeRetries;

        Task(Submit submit, long deadline) {
            this.submit = submit;
            this.deadline = deadline;
            waiters.add(submit.replyTo());
            if (submit.progressTo() != null) {
                watchers.add(submit.progressTo());
            }
        }
    }

    private static final class Dispatcher extends AbstractBehavior<Command> {

        private final TimerScheduler<Command> timers;
        private final DispatcherSettings settings;
        private final ActorRef<DeBruijnRouter.Command> router;
        private final String self;
        private final Topology topology;
        private final Address selfAddress;
        private final ClusterView view = new ClusterView();
        private final ActorRef<Undeliverable> bounces;
        private final Map<String, Task> tasks = new HashMap<>();
        private final Map<String, Integer> outstanding = new HashMap<>();
        private Set<ActorRef<ModelWorker.Command>> workers = Set.of();
        private long submitted;
        private long completed;
        private long failed;
        private long redispatched;
        /** Hops to every label around the unowned ones; rebuilt after a membership change. */
        private RoutingTable hops;

        Dispatcher(
                ActorContext<Command> context,
                TimerScheduler<Command> timers,
                DispatcherSettings settings,
                ActorRef<DeBruijnRouter.Command> router) {
            super(context);
            this.timers = timers;
            this.settings = settings;
            this.router = router;
            this.self = settings.label();
            this.topology = settings.topology();
            Cluster cluster = Cluster.get(context.getSystem());
            this.selfAddress = cluster.selfMember().address();
            this.bounces = context.messageAdapter(Undeliverable.class, Bounced::new);
            router.tell(new DeBruijnRouter.AttachDispatcher(
                    context.messageAdapter(WorkResult.class, ResultArrived::new),
                    context.messageAdapter(WorkProgress.class, ProgressArrived::new)));
            context.getSystem()
                    .receptionist()
                    .tell(Receptionist.subscribe(
                            ModelWorker.ALL_WORKERS,
                            context.messageAdapter(Receptionist.Listing.class, WorkersChanged::new)));
            cluster.subscriptions()
                    .tell(Subscribe.create(
                            context.messageAdapter(ClusterEvent.MemberEvent.class, ClusterChanged::new),
                            ClusterEvent.MemberEvent.class));
            cluster.subscriptions()
                    .tell(Subscribe.create(
                            context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ClusterChanged::new),
                            ClusterEvent.ReachabilityEvent.class));
        }

        @Override
        public Receive<Command> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Submit.class, this::onSubmit)
                    .onMessage(GetClusterStatus.class, this::onGetClusterStatus)
                    .onMessage(ResultArrived.class, arrived -> onResult(arrived.result()))
                    .onMessage(ProgressArrived.class, arrived -> onProgress(arrived.progress()))
                    .onMessage(Bounced.class, this::onBounced)
                    .onMessage(WorkersChanged.class, this::onWorkersChanged)
                    .onMessage(ClusterChanged.class, this::onClusterChanged)
                    .onMessage(DeadlineReached.class, this::onDeadline)
                    .onMessage(AttemptTimedOut.class, this::onAttemptTimedOut)
                    .onMessage(RetryRouting.class, this::onRetryRouting)
                    .build();
        }

        // ---- submission and choice of node

        private Behavior<Command> onSubmit(Submit submit) {
            Task running = tasks.get(submit.taskId());
            if (running != null) {
                running.waiters.add(submit.replyTo());
                if (submit.progressTo() != null) {
                    running.watchers.add(submit.progressTo()); // from here on: earlier text is not replayed
                }
                return this;
            }
            submitted++;
            long now = System.currentTimeMillis();
            long deadline = submit.deadlineEpochMillis() > 0
                    ? submit.deadlineEpochMillis()
                    : now + settings.defaultDeadline().toMillis();
            Task task = new Task(submit, deadline);
            if (now >= deadline) {
                answer(
                        task,
                        new TaskResult.Failed(
                                submit.taskId(),
                                submit.model(),
                                FailureKind.TIMEOUT,
                                "task " + submit.taskId() + " arrived after its deadline",
                                0));
                return this;
            }
            if (hostLabels(submit.model(), false).isEmpty()) {
                answer(
                        task,
                        new TaskResult.Failed(
                                submit.taskId(),
                                submit.model(),
                                FailureKind.UNKNOWN_MODEL,
                                "no member hosts model " + submit.model() + " (hosted: " + hostedModels() + ")",
                                0));
                return this;
            }
            tasks.put(submit.taskId(), task);
            timers.startSingleTimer(
                    "deadline-" + submit.taskId(),
                    new DeadlineReached(submit.taskId()),
                    Duration.ofMillis(deadline - now));
            dispatch(task);
            return this;
        }

        private void dispatch(Task task) {
            String model = task.submit.model();
            Optional<String> chosen = hostLabels(model, true).stream()
                    .filter(label -> !task.tried.contains(label))
                    .filter(label -> hopsTo(label) >= 0)
                    .min(Comparator.<String>comparingInt(label -> outstanding.getOrDefault(label, 0))
                            .thenComparingInt(this::hopsTo)
                            .thenComparing(Labels.ORDER));
            if (chosen.isEmpty()) {
                if (!retryRoutingLater(task)) {
                    fail(task, noHostLeft(task));
                }
                return;
            }
            String label = chosen.get();
            Member member = view.owner(label).orElseThrow();
            if (task.attempts > 0) {
                redispatched++;
            }
            Attempt attempt = new Attempt(++task.attempts, label, member.uniqueAddress(), relaysTo(label));
            task.current = attempt;
            task.open.put(attempt.number(), attempt);
            task.tried.add(label);
            outstanding.merge(label, 1, Integer::sum);
            getContext().getLog().debug("task {} attempt {} -> node {}", task.submit.taskId(), attempt.number(), label);
            router.tell(new DeBruijnRouter.Send(
                    label,
                    new WorkRequest(
                            task.submit.taskId(),
                            attempt.number(),
                            model,
                            task.submit.request(),
                            task.deadline,
                            !task.watchers.isEmpty()),
                    bounces));
            if (!settings.attemptTimeout().isZero()) {
                timers.startSingleTimer(
                        "attempt-" + task.submit.taskId(),
                        new AttemptTimedOut(task.submit.taskId(), attempt.number()),
                        settings.attemptTimeout());
            }
        }

        /** After bounces only (no host refused or failed the work), tries the hosts again after a backoff. */
        private boolean retryRoutingLater(Task task) {
            if (task.lastKind != FailureKind.NO_ROUTE || task.routeRetries >= ROUTE_RETRY_ROUNDS) {
                return false;
            }
            Duration backoff = ROUTE_RETRY_BACKOFF.multipliedBy(1L << task.routeRetries);
            if (System.currentTimeMillis() + backoff.toMillis() >= task.deadline) {
                return false;
            }
            task.routeRetries++;
            task.tried.clear();
            task.current = null;
            getContext()
                    .getLog()
                    .info(
                            "task {}: no route to any host of {} yet; trying again in {} ms",
                            task.submit.taskId(),
                            task.submit.model(),
                            backoff.toMillis());
            timers.startSingleTimer(
                    "route-retry-" + task.submit.taskId(), new RetryRouting(task.submit.taskId()), backoff);
            return true;
        }

        private Behavior<Command> onRetryRouting(RetryRouting retry) {
            Task task = tasks.get(retry.taskId());
            if (task != null && task.current == null) {
                dispatch(task);
            }
            return this;
        }

        private TaskResult.Failed noHostLeft(Task task) {
            String model = task.submit.model();
            String taskId = task.submit.taskId();
            if (task.lastKind != null) {
                return new TaskResult.Failed(
                        taskId,
                        model,
                        task.lastKind,
                        task.lastReason + " (tried nodes " + task.tried + ", no other reachable member hosts " + model
                                + ")",
                        task.attempts);
            }
            return new TaskResult.Failed(
                    taskId,
                    model,
                    FailureKind.UNAVAILABLE,
                    "no reachable member hosts model " + model + " (hosts known: " + hostLabels(model, false) + ")",
                    task.attempts);
        }

        /** Labels of members hosting {@code model}; with {@code reachableOnly}, only current label owners. */
        private List<String> hostLabels(String model, boolean reachableOnly) {
            Set<String> labels = new TreeSet<>(Labels.ORDER);
            int mark = model.indexOf(ModelWorker.VERSION_MARK);
            String name = mark < 0 ? model : model.substring(0, mark);
            String version = mark < 0 ? null : model.substring(mark + 1);
            for (ActorRef<ModelWorker.Command> worker : workers) {
                if (!name.equals(ModelWorker.modelOf(worker))
                        || (version != null && !version.equals(ModelWorker.versionOf(worker)))) {
                    continue;
                }
                Address address = addressOf(worker);
                Optional<String> owned = view.ownedLabelAt(address);
                if (owned.isPresent()) {
                    labels.add(owned.get());
                } else if (!reachableOnly) {
                    view.members().stream()
                            .filter(m -> m.address().equals(address))
                            .map(ClusterView::labelOf)
                            .filter(l -> l != null)
                            .forEach(labels::add);
                }
            }
            return new ArrayList<>(labels);
        }

        private Address addressOf(ActorRef<?> ref) {
            Address address = ref.path().address();
            return address.hasLocalScope() ? selfAddress : address;
        }

        private int hopsTo(String label) {
            if (label.equals(self)) {
                return 0;
            }
            if (settings.routingMode() == RoutingMode.DIRECT) {
                return 1;
            }
            if (hops == null) {
                hops = RoutingTable.of(
                        topology, self, topology.labelsOutside(view.owners().keySet(), self));
            }
            return hops.reaches(label) ? hops.distance(label) : -1;
        }

        /**
         * The members between this node and {@code label} on the overlay, on the way there and back: around the
         * unreachable labels (as this node's router routes now) and around the dead ones only (as a router that
         * has not yet seen the unreachability still routes, e.g. the answer's first hop); none in direct mode.
         */
        private Map<String, UniqueAddress> relaysTo(String label) {
            if (settings.routingMode() == RoutingMode.DIRECT || label.equals(self)) {
                return Map.of();
            }
            Map<String, Member> up = upMembersByLabel();
            Map<String, UniqueAddress> relays = new HashMap<>();
            for (Set<String> unavailable : List.of(
                    topology.labelsOutside(view.owners().keySet(), self), topology.labelsOutside(up.keySet(), self))) {
                for (Route route : routesBothWays(label, unavailable)) {
                    for (String hop : route.path()) {
                        Member relay = up.get(hop);
                        if (!hop.equals(self) && !hop.equals(label) && relay != null) {
                            relays.put(hop, relay.uniqueAddress());
                        }
                    }
                }
            }
            return Map.copyOf(relays);
        }

        private List<Route> routesBothWays(String label, Set<String> unavailable) {
            try {
                return List.of(topology.route(self, label, unavailable), topology.route(label, self, unavailable));
            } catch (NoRouteException unroutable) {
                return List.of(); // the router bounces it; the bounce re-dispatches
            }
        }

        /** Label to its owner, else to an Up member carrying it that is unreachable now. */
        private Map<String, Member> upMembersByLabel() {
            Map<String, Member> up = new HashMap<>(view.owners());
            for (Member member : view.members()) {
                String label = ClusterView.labelOf(member);
                if (label != null && member.status() == MemberStatus.up()) {
                    up.putIfAbsent(label, member);
                }
            }
            return up;
        }

        /** A relay counts as lost once it is down or gone: unreachable alone may be a stall it recovers from. */
        private boolean isUp(UniqueAddress address) {
            for (Member member : view.members()) {
                if (member.uniqueAddress().equals(address)) {
                    return member.status() == MemberStatus.up();
                }
            }
            return false;
        }

        private List<String> hostedModels() {
            Set<String> models = new TreeSet<>();
            workers.forEach(w -> {
                models.add(ModelWorker.modelOf(w));
                String version = ModelWorker.versionOf(w);
                if (version != null) {
                    models.add(ModelWorker.versioned(ModelWorker.modelOf(w), version));
                }
            });
            return new ArrayList<>(models);
        }

        // ---- outcomes

        private Behavior<Command> onResult(WorkResult result) {
            Task task = tasks.get(result.taskId());
            if (task == null) {
                getContext()
                        .getLog()
                        .debug(
                                "dropping late or duplicate result for task {} from node {}",
                                result.taskId(),
                                result.nodeLabel());
                return this;
            }
            closeAttempt(task, result.attempt());
            if (result instanceof WorkResult.Generated generated) {
                answer(
                        task,
                        new TaskResult.Completed(
                                generated.taskId(),
                                task.submit.model(),
                                generated.result(),
                                generated.nodeLabel(),
                                generated.requestTrace(),
                                generated.replyTrace(),
                                task.attempts,
                                generated.version()));
            } else if (result instanceof WorkResult.Failed failed) {
                onAttemptFailed(task, failed);
            }
            return this;
        }

        private void onAttemptFailed(Task task, WorkResult.Failed failed) {
            if (task.current == null || failed.attempt() != task.current.number()) {
                return; // an earlier attempt failing does not matter: a newer one is running
            }
            task.lastKind = failed.kind();
            task.lastReason = failed.reason();
            if (failed.kind() == FailureKind.TIMEOUT || failed.kind() == FailureKind.INVALID_REQUEST) {
                // a deadline passes everywhere alike, and a request the model cannot take fails on every host
                fail(
                        task,
                        new TaskResult.Failed(
                                failed.taskId(), task.submit.model(), failed.kind(), failed.reason(), task.attempts));
            } else {
                getContext()
                        .getLog()
                        .info(
                                "task {} failed on node {} ({}); trying another node",
                                failed.taskId(),
                                failed.nodeLabel(),
                                failed.reason());
                retryElsewhere(task);
            }
        }

        /** After a failed attempt: the next host, unless the caller has already seen part of this answer. */
        private void retryElsewhere(Task task) {
            if (task.streamed > 0) {
                fail(
                        task,
                        new TaskResult.Failed(
                                task.submit.taskId(),
                                task.submit.model(),
                                task.lastKind,
                                task.lastReason
                                        + " (part of the answer was already streamed, so it is not retried elsewhere)",
                                task.attempts));
                return;
            }
            dispatch(task);
        }

        private Behavior<Command> onProgress(WorkProgress progress) {
            Task task = tasks.get(progress.taskId());
            // only the current attempt speaks: text of an attempt given up on must not mix in
            if (task == null || task.current == null || task.current.number() != progress.attempt()) {
                return this;
            }
            TaskProgress forwarded = new TaskProgress(progress.taskId(), progress.text(), task.streamed++);
            task.watchers.forEach(watcher -> watcher.tell(forwarded));
            return this;
        }

        private Behavior<Command> onBounced(Bounced bounced) {
            Undeliverable undeliverable = bounced.undeliverable();
            if (undeliverable.envelope().payload() instanceof WorkResult result) {
                // the result made it this far but not back along the overlay: it is still the result
                getContext()
                        .getLog()
                        .info("result of task {} came back directly: {}", result.taskId(), undeliverable.reason());
                return onResult(result);
            }
            if (undeliverable.envelope().payload() instanceof WorkRequest request) {
                Task task = tasks.get(request.taskId());
                if (task == null) {
                    return this;
                }
                closeAttempt(task, request.attempt());
                if (task.current != null && task.current.number() == request.attempt()) {
                    task.lastKind = FailureKind.NO_ROUTE;
                    task.lastReason = "task " + request.taskId() + " could not reach node "
                            + undeliverable.envelope().destination() + ": " + undeliverable.reason();
                    getContext().getLog().info("{}; trying another node", task.lastReason);
                    retryElsewhere(task);
                }
            }
            return this;
        }

        private Behavior<Command> onDeadline(DeadlineReached reached) {
            Task task = tasks.get(reached.taskId());
            if (task != null) {
                String where = task.current == null ? "" : ", last attempt on node " + task.current.label();
                fail(
                        task,
                        new TaskResult.Failed(
                                task.submit.taskId(),
                                task.submit.model(),
                                FailureKind.TIMEOUT,
                                "task " + task.submit.taskId() + " did not complete before its deadline ("
                                        + task.attempts + " attempts" + where + ")",
                                task.attempts));
            }
            return this;
        }

        private Behavior<Command> onAttemptTimedOut(AttemptTimedOut timedOut) {
            Task task = tasks.get(timedOut.taskId());
            if (task != null && task.current != null && task.current.number() == timedOut.attempt()) {
                closeAttempt(task, timedOut.attempt());
                task.lastKind = FailureKind.TIMEOUT;
                task.lastReason = "attempt " + timedOut.attempt() + " of task " + timedOut.taskId() + " on node "
                        + task.current.label() + " timed out after "
                        + settings.attemptTimeout().toMillis() + " ms";
                getContext().getLog().info("{}; trying another node", task.lastReason);
                retryElsewhere(task);
            }
            return this;
        }

        private void closeAttempt(Task task, int number) {
            Attempt attempt = task.open.remove(number);
            if (attempt != null) {
                outstanding.computeIfPresent(attempt.label(), (label, n) -> n <= 1 ? null : n - 1);
            }
        }

        private void fail(Task task, TaskResult.Failed failed) {
            getContext().getLog().info("task {} failed: {} {}", failed.taskId(), failed.kind(), failed.reason());
            answer(task, failed);
        }

        private void answer(Task task, TaskResult result) {
            String taskId = task.submit.taskId();
            tasks.remove(taskId);
            timers.cancel("deadline-" + taskId);
            timers.cancel("attempt-" + taskId);
            for (Integer number : new ArrayList<>(task.open.keySet())) {
                closeAttempt(task, number);
            }
            if (result instanceof TaskResult.Completed) {
                completed++;
            } else {
                failed++;
            }
            for (ActorRef<TaskResult> waiter : task.waiters) {
                waiter.tell(result);
            }
        }

        // ---- membership

        private Behavior<Command> onWorkersChanged(WorkersChanged changed) {
            workers = Set.copyOf(changed.listing().getServiceInstances(ModelWorker.ALL_WORKERS));
            return this;
        }

        private Behavior<Command> onClusterChanged(ClusterChanged changed) {
            if (!view.apply(changed.event())) {
                return this;
            }
            hops = null;
            for (Task task : new ArrayList<>(tasks.values())) {
                Attempt attempt = task.current;
                if (attempt == null || !task.open.containsKey(attempt.number())) {
                    continue;
                }
                Optional<Member> owner = view.owner(attempt.label());
                boolean hostStays =
                        owner.isPresent() && owner.get().uniqueAddress().equals(attempt.member());
                Optional<String> lostRelay = attempt.relays().entrySet().stream()
                        .filter(relay -> !isUp(relay.getValue()))
                        .map(Map.Entry::getKey)
                        .findFirst();
                if (hostStays && lostRelay.isEmpty()) {
                    continue;
                }
                closeAttempt(task, attempt.number());
                if (hostStays) {
                    // the host is fine, only the way to it or back is gone: it may take the task again (around)
                    task.tried.remove(attempt.label());
                }
                task.lastKind = FailureKind.UNAVAILABLE;
                task.lastReason = hostStays
                        ? "node " + lostRelay.get() + " on the overlay path to node " + attempt.label()
                                + " went down or left during task " + task.submit.taskId()
                        : "node " + attempt.label() + " became unreachable or left during task " + task.submit.taskId();
                getContext().getLog().warn("{}; re-dispatching", task.lastReason);
                retryElsewhere(task);
            }
            return this;
        }

        // ---- status

        private Behavior<Command> onGetClusterStatus(GetClusterStatus query) {
            Map<Address, List<String>> modelsAt = new HashMap<>();
            for (ActorRef<ModelWorker.Command> worker : workers) {
                modelsAt.computeIfAbsent(addressOf(worker), a -> new ArrayList<>())
                        .add(ModelWorker.modelOf(worker));
            }
            List<ClusterStatus.Member> members = new ArrayList<>();
            List<Member> known = new ArrayList<>(view.members());
            // label order; a label's current owner before any younger claimant; unlabelled members last
            known.sort(Comparator.comparing((Member m) -> ClusterView.labelOf(m), Comparator.nullsLast(Labels.ORDER))
                    .thenComparing(m -> view.owner(String.valueOf(ClusterView.labelOf(m)))
                            .map(o -> !o.equals(m))
                            .orElse(true))
                    .thenComparing(m -> m.address().toString()));
            for (Member member : known) {
                String label = ClusterView.labelOf(member);
                List<String> models = new ArrayList<>(modelsAt.getOrDefault(member.address(), List.of()));
                models.sort(null);
                members.add(new ClusterStatus.Member(
                        label,
                        member.address().toString(),
                        member.status().toString(),
                        view.isReachable(member),
                        models,
                        label == null ? 0 : outstanding.getOrDefault(label, 0)));
            }
            ClusterStatus base = new ClusterStatus(
                    self,
                    topology.arity(),
                    topology.depth(),
                    members,
                    List.of(),
                    tasks.size(),
                    new ClusterStatus.Counters(submitted, completed, failed, redispatched));
            List<ActorRef<ModelWorker.Command>> reachableWorkers = new ArrayList<>();
            for (ActorRef<ModelWorker.Command> worker : workers) {
                if (view.ownedLabelAt(addressOf(worker)).isPresent()) {
                    reachableWorkers.add(worker);
                }
            }
            getContext()
                    .spawnAnonymous(StatusCollector.create(base, reachableWorkers, STATUS_TIMEOUT, query.replyTo()));
            return this;
        }
    }
}
