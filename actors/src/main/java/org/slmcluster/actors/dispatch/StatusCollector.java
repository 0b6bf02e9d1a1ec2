package org.slmcluster.actors.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.topology.Labels;

/** Asks every known worker for its status and answers one {@link ClusterStatus}; workers that are late are left out. */
final class StatusCollector {

    private enum Timeout {
        INSTANCE
    }

    private StatusCollector() {}

    static Behavior<Object> create(
            ClusterStatus withoutWorkers,
            List<ActorRef<ModelWorker.Command>> workers,
            Duration timeout,
            ActorRef<ClusterStatus> replyTo) {
        return Behaviors.setup(context -> {
            if (workers.isEmpty()) {
                replyTo.tell(withoutWorkers);
                return Behaviors.stopped();
            }
            ActorRef<WorkerStatus> answers = context.messageAdapter(WorkerStatus.class, s -> s);
            for (ActorRef<ModelWorker.Command> worker : workers) {
                worker.tell(new ModelWorker.GetStatus(answers));
            }
            List<WorkerStatus> collected = new ArrayList<>();
            return Behaviors.withTimers(timers -> {
                timers.startSingleTimer(Timeout.INSTANCE, timeout);
                return Behaviors.receive(Object.class)
                        .onMessage(WorkerStatus.class, status -> {
                            collected.add(status);
                            if (collected.size() < workers.size()) {
                                return Behaviors.same();
                            }
                            return finish(withoutWorkers, collected, replyTo);
                        })
                        .onMessageEquals(Timeout.INSTANCE, () -> finish(withoutWorkers, collected, replyTo))
                        .build();
            });
        });
    }

    private static Behavior<Object> finish(
            ClusterStatus base, List<WorkerStatus> collected, ActorRef<ClusterStatus> replyTo) {
        List<WorkerStatus> sorted = new ArrayList<>(collected);
        sorted.sort(Comparator.comparing(WorkerStatus::nodeLabel, Labels.ORDER).thenComparing(WorkerStatus::model));
        replyTo.tell(new ClusterStatus(
                base.coordinatorLabel(),
                base.arity(),
                base.depth(),
                base.members(),
                sorted,
                base.inFlight(),
                base.counters()));
        return Behaviors.stopped();
    }
}
