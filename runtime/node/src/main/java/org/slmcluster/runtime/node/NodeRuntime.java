package org.slmcluster.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.StreamingTask;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.runtime.models.ModelSpec;

/**
 * One running cluster member: its ActorSystem (guardian, router, workers, and on the coordinator the
 * dispatcher) and the engines of its hosted models.
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    private final NodeConfig config;
    private final ActorSystem<NodeGuardian.Command> system;
    private final HostedEngines engines;
    private final JoinPlan joinPlan;

    private NodeRuntime(
            NodeConfig config, ActorSystem<NodeGuardian.Command> system, HostedEngines engines, JoinPlan joinPlan) {
        this.config = config;
        this.system = system;
        this.engines = engines;
        this.joinPlan = joinPlan;
        // Engines hold native memory: release them once the system is gone, however it ended
        // (stop(), Ctrl-C, downed by the split brain resolver, refused label).
        system.getWhenTerminated().whenComplete((done, error) -> engines.close());
    }

    /**
     * Starts the member: checks the hosted models' files first (a missing or corrupt file fails here,
     * naming the model and the path), then starts the ActorSystem, which joins the seeds.
     */
    public static NodeRuntime start(NodeConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * As {@link #start(NodeConfig)}, with a record of this member's earlier membership: a first seed that was
     * Up before tries to rejoin the other seeds for {@code slm.cluster.rejoin-timeout} before it founds a
     * cluster ({@link JoinPlan}); the first seed writes the record once it is Up (other members ignore it).
     */
    public static NodeRuntime start(NodeConfig config, Optional<MembershipRecord> membership) {
        // Only the first seed founds clusters, so only it needs to remember that it was a member.
        Optional<MembershipRecord> record =
                membership.filter(r -> JoinPlan.isFirstSeed(config.hostPort(), config.seeds()));
        JoinPlan plan = JoinPlan.decide(
                config.hostPort(),
                config.seeds(),
                record.map(MembershipRecord::exists).orElse(false),
                config.rejoinTimeout());
        HostedEngines engines = HostedEngines.prepare(config);
        NodeSettings settings;
        try {
            settings = NodeSettings.fromConfig(config.config());
        } catch (RuntimeException e) {
            throw new NodeConfigException(config.origin() + ": " + e.getMessage(), e);
        }
        ActorSystem<NodeGuardian.Command> system;
        try {
            system = ActorSystem.create(
                    NodeGuardian.create(settings, engines, settings.isCoordinator() || config.standbyCoordinator()),
                    config.systemName(),
                    withoutSeedsWhenRejoining(settings.withLabelRole(config.config()), plan));
        } catch (RuntimeException e) {
            engines.close();
            throw new NodeStartException(
                    "node " + config.name() + " [" + config.label() + "] could not start on " + config.host() + ":"
                            + config.port() + ": " + rootMessage(e),
                    e);
        }
        log.info("node {} [{}] started at {}", config.name(), config.label(), address(system));
        NodeRuntime node = new NodeRuntime(config, system, engines, plan);
        record.ifPresent(r -> node.recordMembershipOnceUp(r));
        if (plan.rejoinsFirst()) {
            node.rejoinBeforeFounding(plan);
        }
        return node;
    }

    /** With a rejoin phase the seeds are joined from code (below), not by Pekko at start-up. */
    private static Config withoutSeedsWhenRejoining(Config config, JoinPlan plan) {
        return plan.rejoinsFirst()
                ? ConfigFactory.parseString("pekko.cluster.seed-nodes = []").withFallback(config)
                : config;
    }

    private void recordMembershipOnceUp(MembershipRecord record) {
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> {
            try {
                record.write(address().toString());
            } catch (UncheckedIOException e) {
                log.warn("node {}: {}; a restart will found a new cluster at once", config.name(), e.getMessage());
            }
        });
    }

    /**
     * Joins the other seeds only (Pekko's join-seed-node process, which never founds a cluster); after
     * {@link JoinPlan#rejoinFor()} without having joined, hands over to Pekko's first-seed process with the whole
     * list, which asks the others once more and then founds the cluster.
     */
    private void rejoinBeforeFounding(JoinPlan plan) {
        Cluster cluster = Cluster.get(system);
        log.info(
                "node {} [{}] was a member before: rejoining through {} for up to {} s before founding a cluster",
                config.name(),
                config.label(),
                String.join(", ", plan.rejoinThrough()),
                plan.rejoinFor().toSeconds());
        cluster.manager().tell(new JoinSeedNodes(addresses(plan.rejoinThrough())));
        system.scheduler()
                .scheduleOnce(
                        plan.rejoinFor(),
                        () -> {
                            if (!joined()) {
                                log.info(
                                        "node {} [{}]: no other seed let it rejoin within {} s; joining through {}",
                                        config.name(),
                                        config.label(),
                                        plan.rejoinFor().toSeconds(),
                                        String.join(", ", plan.seeds()));
                                cluster.manager().tell(new JoinSeedNodes(addresses(plan.seeds())));
                            }
                        },
                        system.executionContext());
    }

    /** True once this member is in the membership (Joining, WeaklyUp, Up or later). */
    private boolean joined() {
        Address self = address();
        for (Member member : Cluster.get(system).state().getMembers()) {
            if (member.address().equals(self)) {
                return true;
            }
        }
        return false;
    }

    private List<Address> addresses(List<String> hostPorts) {
        List<Address> addresses = new ArrayList<>();
        for (String hostPort : hostPorts) {
            NodeConfig.HostPort parsed = NodeConfig.parseHostPort(hostPort, "slm.cluster.seeds");
            addresses.add(new Address("pekko", config.systemName(), parsed.host(), parsed.port()));
        }
        return addresses;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static Address address(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address();
    }

    public NodeConfig config() {
        return config;
    }

    /** How this member joined: Pekko's seed process, or first a rejoin through the other seeds. */
    public JoinPlan joinPlan() {
        return joinPlan;
    }

    public String label() {
        return config.label();
    }

    public ActorSystem<NodeGuardian.Command> system() {
        return system;
    }

    /** This member's address, e.g. {@code pekko://slm@127.0.0.1:25523}. */
    public Address address() {
        return address(system);
    }

    /** The port Artery actually listens on (differs from the config only when it asked for port 0). */
    public int boundPort() {
        return address().getPort().get();
    }

    /** True once this member is Up in the cluster. */
    public boolean isUp() {
        return Cluster.get(system).selfMember().status() == MemberStatus.up();
    }

    /** The node's actors as the guardian reports them. */
    public CompletionStage<NodeGuardian.NodeRefs> refs(Duration timeout) {
        return AskPattern.ask(system, NodeGuardian.GetRefs::new, timeout, system.scheduler());
    }

    /**
     * Submits a task to this member's dispatcher (only the coordinator has one): the stage completes with
     * the task's single {@link TaskResult}.
     */
    public CompletionStage<TaskResult> submit(
            String taskId, String model, GenerationRequest request, Duration deadline) {
        Duration askTimeout = deadline.plusSeconds(5);
        return dispatcher(Duration.ofSeconds(5))
                .thenCompose(dispatcher -> AskPattern.ask(
                        dispatcher,
                        (ActorRef<TaskResult> replyTo) ->
                                TaskDispatcher.Submit.within(taskId, model, request, deadline, replyTo),
                        askTimeout,
                        system.scheduler()));
    }

    /**
     * As {@link #submit}, handing the answer's text to {@code onText} piece by piece while the worker generates
     * it: in order, all of it before the result completes the stage, on an actor thread (keep it quick).
     */
    public CompletionStage<TaskResult> submitStreaming(
            String taskId, String model, GenerationRequest request, Duration deadline, Consumer<String> onText) {
        return dispatcher(Duration.ofSeconds(5))
                .thenCompose(dispatcher ->
                        StreamingTask.submit(system, dispatcher, taskId, model, request, deadline, onText));
    }

    /**
     * Starts a worker for {@code version} of {@code spec}'s model without restarting the member (its file must
     * be in place and checked); the stage completes once the worker runs (it then loads its engine). A worker of
     * another version keeps serving until {@link #unhost} stops it.
     */
    public CompletionStage<ActorRef<ModelWorker.Command>> host(ModelSpec spec, String version, Duration timeout) {
        return AskPattern.<NodeGuardian.Command, NodeGuardian.Hosted>ask(
                        system,
                        replyTo -> new NodeGuardian.HostModel(spec.name(), version, engines.placed(spec), replyTo),
                        timeout,
                        system.scheduler())
                .thenApply(NodeGuardian.Hosted::worker);
    }

    /**
     * Drains and stops the worker of {@code version} of {@code model}: in-flight work finishes, new work goes
     * elsewhere; completes once it stopped.
     */
    public CompletionStage<NodeGuardian.Unhosted> unhost(String model, String version, Duration timeout) {
        return AskPattern.ask(
                system, replyTo -> new NodeGuardian.UnhostModel(model, version, replyTo), timeout, system.scheduler());
    }

    /** The coordinator's view: members with their labels, workers, tasks in flight. */
    public CompletionStage<ClusterStatus> clusterStatus(Duration timeout) {
        return dispatcher(timeout)
                .thenCompose(dispatcher ->
                        AskPattern.ask(dispatcher, TaskDispatcher.GetClusterStatus::new, timeout, system.scheduler()));
    }

    private CompletionStage<ActorRef<TaskDispatcher.Command>> dispatcher(Duration timeout) {
        return refs(timeout).thenApply(refs -> {
            if (refs.dispatcher() == null) {
                throw new IllegalStateException("node " + config.name() + " [" + label()
                        + "] has no dispatcher: tasks are submitted on the coordinator (label root)");
            }
            return refs.dispatcher();
        });
    }

    /**
     * Leaves the cluster gracefully (coordinated shutdown), waits for the system to terminate, closes the
     * engines. Idempotent.
     */
    public void stop(Duration timeout) {
        CoordinatedShutdown.get(Adapter.toClassic(system)).run(CoordinatedShutdown.unknownReason());
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("node {} did not stop within {}; terminating", config.name(), timeout);
            system.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("node {} stopped with {}", config.name(), e.toString());
        }
        engines.close();
    }

    /** Stops without leaving politely: what a whole embedded cluster does when everything goes down. */
    void terminate() {
        system.terminate();
    }

    public CompletionStage<?> whenTerminated() {
        return system.getWhenTerminated();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    @Override
    public String toString() {
        return config.name() + " [" + label() + "] " + address();
    }
}
