package org.slmcluster.runtime.lifecycle;

import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.topology.Topology;

/**
 * The coordinator's side of the model lifecycle: the store, the desired placement and the actor members report
 * to. {@link #close()} stops the actor.
 */
public final class ModelLifecycle implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Placements placements;
    private final ActorSystem<?> system;
    private final ActorRef<ModelPlacement.Report> service;

    private ModelLifecycle(Placements placements, ActorSystem<?> system, ActorRef<ModelPlacement.Report> service) {
        this.placements = placements;
        this.system = system;
        this.service = service;
    }

    /** Opens the store and placement log under {@code dataDir} and starts the placement service on {@code system}. */
    public static ModelLifecycle open(ActorSystem<?> system, Path dataDir, Topology topology) {
        Placements placements = new Placements(new ModelStore(dataDir), dataDir, topology);
        // numbered: a coordinator closed and opened again on the same system must not clash with the old name
        ActorRef<ModelPlacement.Report> service = system.systemActorOf(
                PlacementService.create(placements), "model-placement-" + INSTANCES.incrementAndGet(), Props.empty());
        return new ModelLifecycle(placements, system, service);
    }

    public Placements placements() {
        return placements;
    }

    public ModelStore store() {
        return placements.store();
    }

    @Override
    public void close() {
        system.classicSystem().stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(service));
    }
}
