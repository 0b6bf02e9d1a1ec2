package org.slmcluster.actors.node;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.worker.ModelWorker;

/**
 * The root behavior of a member's ActorSystem: checks the label role, spawns the router
 * ({@code /user/router}), one model worker per hosted model, and on {@code root} the task dispatcher;
 * leaves the cluster if an older member already holds its label.
 */
public final class NodeGuardian {

    /** The ActorSystem name every member of one cluster must share. */
    public static final String SYSTEM_NAME = "slm";

    public interface Command {
    }

    public record GetRefs(ActorRef<NodeRefs> replyTo) implements Command {
    }

    /** The node's actors; {@code dispatcher} is null except on the coordinator. */
    public record NodeRefs(String label, ActorRef<DeBruijnRouter.Command> router,
                           ActorRef<TaskDispatcher.Command> dispatcher,
                           Map<String, ActorRef<ModelWorker.Command>> workers) {
    }

    private NodeGuardian() {
    }

    public static Behavior<Command> create(NodeSettings settings, EngineFactory engines) {
        return Behaviors.empty();
    }

    /**
     * Starts a member: an ActorSystem named {@link #SYSTEM_NAME} running this guardian, with
     * {@code config} plus the node's label role (see {@link NodeSettings#withLabelRole(Config)}).
     */
    public static ActorSystem<Command> start(NodeSettings settings, EngineFactory engines, Config config) {
        return ActorSystem.create(create(settings, engines), SYSTEM_NAME, settings.withLabelRole(config));
    }
}
