package org.slmcluster.benchmarks.simulation;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * Every node of an overlay in one plain ActorSystem: the production {@link DeBruijnRouter} (told its peers
 * once instead of following cluster membership) and a production {@link ModelWorker} per node, whose
 * engine is a {@link LatencyModelEngine}. Labels in {@code down} get no router: the others route around them.
 */
final class SimulatedOverlay implements AutoCloseable {

    static final String MODEL = "simulated";

    private final ActorSystem<Void> system;
    private final Map<String, ActorRef<DeBruijnRouter.Command>> routers;

    private SimulatedOverlay(ActorSystem<Void> system, Map<String, ActorRef<DeBruijnRouter.Command>> routers) {
        this.system = system;
        this.routers = routers;
    }

    static SimulatedOverlay start(
            Topology topology, RoutingMode mode, Set<String> down, double serviceMillis, int outputTokens) {
        CompletableFuture<Map<String, ActorRef<DeBruijnRouter.Command>>> started = new CompletableFuture<>();
        Behavior<Void> guardian = Behaviors.setup(context -> {
            started.complete(spawnNodes(context, topology, mode, down, serviceMillis, outputTokens));
            return Behaviors.empty();
        });
        ActorSystem<Void> system = ActorSystem.create(
                guardian, "simulation", ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                slm.engine-dispatcher.thread-pool-executor.fixed-pool-size = 4
                """).withFallback(ConfigFactory.load()));
        try {
            return new SimulatedOverlay(system, started.get(2, TimeUnit.MINUTES));
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("the simulated overlay of " + topology.size() + " nodes did not start", e);
        }
    }

    private static Map<String, ActorRef<DeBruijnRouter.Command>> spawnNodes(
            ActorContext<Void> context,
            Topology topology,
            RoutingMode mode,
            Set<String> down,
            double serviceMillis,
            int outputTokens) {
        Map<String, ActorRef<DeBruijnRouter.Command>> routers = new HashMap<>();
        for (Node node : topology.nodes()) {
            String label = node.label();
            if (down.contains(label)) {
                continue;
            }
            NodeSettings settings = NodeSettings.of(label, topology.arity(), topology.depth(), List.of(MODEL))
                    .withRoutingMode(mode)
                    .withDefaultDeadline(Duration.ofMinutes(10));
            ActorRef<ModelWorker.Command> worker = context.spawn(
                    ModelWorker.create(
                            label,
                            MODEL,
                            model -> new LatencyModelEngine(model, serviceMillis, outputTokens),
                            settings.worker()),
                    "worker-" + label);
            routers.put(
                    label,
                    context.spawn(
                            DeBruijnRouter.createWithFixedPeers(settings.router(), topology, Map.of(MODEL, worker)),
                            "router-" + label));
        }
        // one map for all: thousands of routers must not each hold a copy
        Map<String, ActorRef<DeBruijnRouter.Command>> shared = Map.copyOf(routers);
        DeBruijnRouter.UsePeers peers = new DeBruijnRouter.UsePeers(shared);
        shared.values().forEach(router -> router.tell(peers));
        return shared;
    }

    /**
     * Sends a probe from every router to root and waits for all to arrive, so that every router has built
     * its routing table before anything is measured; returns the milliseconds it took. Probes from nodes
     * that down nodes cut off from root come back undeliverable, which is all the warm-up needs of them.
     */
    long warmUp() {
        CountDownLatch arrived = new CountDownLatch(routers.size());
        ActorRef<Object> counter = system.systemActorOf(
                Behaviors.receive(Object.class)
                        .onMessage(Delivered.class, delivered -> {
                            arrived.countDown();
                            return Behaviors.same();
                        })
                        .onMessage(Undeliverable.class, undeliverable -> {
                            arrived.countDown();
                            return Behaviors.same();
                        })
                        .build(),
                "warm-up-" + System.nanoTime(),
                Props.empty());
        long begun = System.nanoTime();
        routers.values()
                .forEach(router -> router.tell(
                        new DeBruijnRouter.Send(Labels.ROOT, new Probe(counter.narrow()), counter.narrow())));
        try {
            if (!arrived.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("warm-up probes did not all reach root within 5 min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the warm-up", e);
        }
        return (System.nanoTime() - begun) / 1_000_000;
    }

    ActorSystem<Void> system() {
        return system;
    }

    Map<String, ActorRef<DeBruijnRouter.Command>> routers() {
        return routers;
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the simulated overlay did not stop", e);
        }
    }
}
