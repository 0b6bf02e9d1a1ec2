package org.slmcluster.runtime.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.topology.Topology;

/**
 * The coordinator's side of the model lifecycle: the store, the desired placement and the actor members report
 * to. {@link #close()} stops the actor.
 */
public final class ModelLifecycle implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    /** How long a roll-out waits for a member to have a version ready (transfer, load) before it fails. */
    private static final Duration ROLLOUT_READY_TIMEOUT = Duration.ofMinutes(10);

    private final Placements placements;
    private final ActorSystem<?> system;
    private final ActorRef<ModelPlacement.Report> service;
    private final Rollouts rollouts;

    private ModelLifecycle(
            Placements placements, ActorSystem<?> system, ActorRef<ModelPlacement.Report> service, Rollouts rollouts) {
        this.placements = placements;
        this.system = system;
        this.service = service;
        this.rollouts = rollouts;
    }

    /** Opens the store and placement log under {@code dataDir} and starts the placement service on {@code system}. */
    public static ModelLifecycle open(ActorSystem<?> system, Path dataDir, Topology topology) {
        return open(system, dataDir, topology, null);
    }

    /**
     * As {@link #open(ActorSystem, Path, Topology)}, with gated roll-outs whose gate suites run as jobs of
     * {@code jobs} (none when null).
     */
    public static ModelLifecycle open(ActorSystem<?> system, Path dataDir, Topology topology, JobManager jobs) {
        Placements placements = new Placements(new ModelStore(dataDir), dataDir, topology);
        // numbered: a coordinator closed and opened again on the same system must not clash with the old name
        ActorRef<ModelPlacement.Report> service = system.systemActorOf(
                PlacementService.create(placements), "model-placement-" + INSTANCES.incrementAndGet(), Props.empty());
        Rollouts rollouts = jobs == null ? null : new Rollouts(placements, jobs, dataDir, ROLLOUT_READY_TIMEOUT);
        return new ModelLifecycle(placements, system, service, rollouts);
    }

    /** Gated roll-outs, when this lifecycle was opened with a job manager. */
    public Optional<Rollouts> rollouts() {
        return Optional.ofNullable(rollouts);
    }

    public Placements placements() {
        return placements;
    }

    public ModelStore store() {
        return placements.store();
    }

    @Override
    public void close() {
        if (rollouts != null) {
            rollouts.close();
        }
        system.classicSystem().stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(service));
    }
}
