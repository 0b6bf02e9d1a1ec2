package org.slmcluster.actors.node;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.engine.EngineFactory;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerSettings;

/**
 * The root behavior of a member's ActorSystem: checks that the member carries its label role, spawns the
 * router ({@code /user/router}), one model worker per hosted model ({@code /user/worker-<model>}), on
 * {@code root} (and on a standby coordinator) the task dispatcher ({@code /user/dispatcher}, also registered under
 * {@link TaskDispatcher#KEY}), and a label guard that makes the member leave the cluster if an older
 * member already holds its label.
 */
public final class NodeGuardian {

    /** The ActorSystem name every member of one cluster must share. */
    public static final String SYSTEM_NAME = "slm";

    public interface Command {}

    public record GetRefs(ActorRef<NodeRefs> replyTo) implements Command {}

    /**
     * Starts a worker for {@code version} of {@code model} while the member runs, its engine from
     * {@code engines}; from then on the router hands it the model's work. Another version's worker of the same
     * model keeps running until it is unhosted, so a replacement serves without a gap.
     */
    public record HostModel(String model, String version, EngineFactory engines, ActorRef<Hosted> replyTo)
            implements Command {}

    public record Hosted(String model, String version, ActorRef<ModelWorker.Command> worker) {}

    /**
     * Drains and stops the worker of {@code version} of {@code model} (in-flight work finishes, new work goes
     * elsewhere); {@code replyTo} hears {@link Unhosted} once it has stopped, or at once when there is none.
     */
    public record UnhostModel(String model, String version, ActorRef<Unhosted> replyTo) implements Command {}

    public record Unhosted(String model, String version) {}

    private record WorkerStopped(String model, String version, ActorRef<Unhosted> replyTo) implements Command {}

    /** The node's actors; {@code dispatcher} is null except on the coordinator. */
    public record NodeRefs(
            String label,
            ActorRef<DeBruijnRouter.Command> router,
            ActorRef<TaskDispatcher.Command> dispatcher,
            Map<String, ActorRef<ModelWorker.Command>> workers) {}

    private NodeGuardian() {}

    public static Behavior<Command> create(NodeSettings settings, EngineFactory engines) {
        return create(settings, engines, settings.isCoordinator());
    }

    /**
     * As {@link #create(NodeSettings, EngineFactory)}; {@code runsDispatcher} also on a standby coordinator,
     * which needs its own dispatcher once it takes over.
     */
    public static Behavior<Command> create(NodeSettings settings, EngineFactory engines, boolean runsDispatcher) {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            if (!cluster.selfMember().getRoles().contains(settings.labelRole())) {
                throw new IllegalStateException("member is configured for label " + settings.label()
                        + " but pekko.cluster.roles lacks '" + settings.labelRole() + "' (roles: "
                        + cluster.selfMember().getRoles() + "); start it with NodeSettings.withLabelRole(config)");
            }
            long otherLabels = cluster.selfMember().getRoles().stream()
                    .filter(r -> r.startsWith(NodeSettings.LABEL_ROLE_PREFIX))
                    .count();
            if (otherLabels != 1) {
                throw new IllegalStateException("member carries " + otherLabels + " label roles "
                        + cluster.selfMember().getRoles() + "; exactly one is allowed");
            }
            Map<String, ActorRef<ModelWorker.Command>> workers = new LinkedHashMap<>();
            WorkerSettings workerSettings = settings.worker();
            for (String model : settings.hostedModels()) {
                workers.put(
                        model,
                        context.spawn(
                                ModelWorker.create(settings.label(), model, engines, workerSettings),
                                ModelWorker.actorName(model)));
            }
            ActorRef<DeBruijnRouter.Command> router =
                    context.spawn(DeBruijnRouter.create(settings.router(), workers), DeBruijnRouter.NAME);
            ActorRef<TaskDispatcher.Command> dispatcher = null;
            if (runsDispatcher) {
                dispatcher = context.spawn(TaskDispatcher.create(settings.dispatcher(), router), TaskDispatcher.NAME);
                context.getSystem().receptionist().tell(Receptionist.register(TaskDispatcher.KEY, dispatcher));
            }
            context.spawn(LabelGuard.create(settings.label()), "label-guard");
            context.getLog()
                    .info(
                            "node {} started at {} hosting {} ({} routing)",
                            settings.label(),
                            cluster.selfMember().address(),
                            settings.hostedModels(),
                            settings.routingMode());
            NodeRefs refs = new NodeRefs(settings.label(), router, dispatcher, Map.copyOf(workers));
            RuntimeWorkers runtimeWorkers = new RuntimeWorkers(context, settings.label(), workerSettings, router);
            return Behaviors.receive(Command.class)
                    .onMessage(GetRefs.class, get -> {
                        get.replyTo().tell(refs);
                        return Behaviors.same();
                    })
                    .onMessage(HostModel.class, host -> {
                        runtimeWorkers.host(host);
                        return Behaviors.same();
                    })
                    .onMessage(UnhostModel.class, unhost -> {
                        runtimeWorkers.unhost(unhost);
                        return Behaviors.same();
                    })
                    .onMessage(WorkerStopped.class, stopped -> {
                        runtimeWorkers.stopped(stopped.model(), stopped.version());
                        stopped.replyTo().tell(new Unhosted(stopped.model(), stopped.version()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** The workers started and stopped while the member runs, per model and version (newest last). */
    private static final class RuntimeWorkers {
        private final org.apache.pekko.actor.typed.javadsl.ActorContext<Command> context;
        private final String label;
        private final WorkerSettings settings;
        private final ActorRef<DeBruijnRouter.Command> router;
        private final Map<String, LinkedHashMap<String, ActorRef<ModelWorker.Command>>> workers = new LinkedHashMap<>();

        RuntimeWorkers(
                org.apache.pekko.actor.typed.javadsl.ActorContext<Command> context,
                String label,
                WorkerSettings settings,
                ActorRef<DeBruijnRouter.Command> router) {
            this.context = context;
            this.label = label;
            this.settings = settings;
            this.router = router;
        }

        void host(HostModel host) {
            Map<String, ActorRef<ModelWorker.Command>> versions =
                    workers.computeIfAbsent(host.model(), m -> new LinkedHashMap<>());
            ActorRef<ModelWorker.Command> worker = versions.get(host.version());
            if (worker == null) {
                worker = context.spawn(
                        ModelWorker.create(label, host.model(), host.engines(), settings),
                        ModelWorker.actorName(host.model(), host.version()));
                versions.put(host.version(), worker);
                router.tell(new DeBruijnRouter.SetWorker(host.model(), worker));
                router.tell(new DeBruijnRouter.SetWorker(ModelWorker.versioned(host.model(), host.version()), worker));
            }
            host.replyTo().tell(new Hosted(host.model(), host.version(), worker));
        }

        void unhost(UnhostModel unhost) {
            Map<String, ActorRef<ModelWorker.Command>> versions = workers.get(unhost.model());
            ActorRef<ModelWorker.Command> worker = versions == null ? null : versions.get(unhost.version());
            if (worker == null) {
                unhost.replyTo().tell(new Unhosted(unhost.model(), unhost.version()));
                return;
            }
            // Another version takes the new work at once; without one the draining worker still answers
            // what the router hands it until it stops.
            versions.entrySet().stream()
                    .filter(e -> !e.getKey().equals(unhost.version()))
                    .reduce((first, second) -> second)
                    .ifPresent(other -> router.tell(new DeBruijnRouter.SetWorker(unhost.model(), other.getValue())));
            context.watchWith(worker, new WorkerStopped(unhost.model(), unhost.version(), unhost.replyTo()));
            worker.tell(new ModelWorker.Drain(context.getSystem().ignoreRef()));
        }

        void stopped(String model, String version) {
            Map<String, ActorRef<ModelWorker.Command>> versions = workers.get(model);
            if (versions == null || versions.remove(version) == null) {
                return;
            }
            router.tell(new DeBruijnRouter.SetWorker(ModelWorker.versioned(model, version), null));
            if (versions.isEmpty()) {
                workers.remove(model);
                router.tell(new DeBruijnRouter.SetWorker(model, null));
            }
        }
    }

    /** Asks a member's guardian for its actors. */
    public static CompletionStage<NodeRefs> refs(ActorSystem<Command> system, Duration timeout) {
        return AskPattern.ask(system, GetRefs::new, timeout, system.scheduler());
    }

    /**
     * Starts a member: an ActorSystem named {@link #SYSTEM_NAME} running this guardian, with
     * {@code config} plus the node's label role (see {@link NodeSettings#withLabelRole(Config)}).
     */
    public static ActorSystem<Command> start(NodeSettings settings, EngineFactory engines, Config config) {
        return ActorSystem.create(create(settings, engines), SYSTEM_NAME, settings.withLabelRole(config));
    }
}
