package org.slmcluster.actors.routing;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.worker.ModelWorker;

/**
 * One per node, at {@code /user/router}: forwards envelopes to the router of the next hop (overlay mode)
 * or straight to the destination (direct mode), avoiding members that cluster membership reports
 * unreachable or gone, and delivers payloads addressed to its own label locally.
 */
public final class DeBruijnRouter {

    /** Actor name under the guardian; other routers are found at {@code <member address>/user/router}. */
    public static final String NAME = "router";

    public interface Command {
    }

    /** Local entry point: wrap {@code payload} in a new envelope from this node to {@code destination}. */
    public record Send(String destination, Payload payload, ActorRef<Undeliverable> returnTo) implements Command {
    }

    /** Local: where payloads of kind {@link WorkResult} go on this node (the coordinator's dispatcher). */
    public record AttachDispatcher(ActorRef<WorkResult> dispatcher) implements Command {
    }

    /** What this router currently believes about the cluster. */
    public record GetView(ActorRef<View> replyTo) implements Command, ClusterMessage {
    }

    /**
     * @param label           this router's label
     * @param memberLabels    labels held by Up, reachable members (own label included), in label order
     * @param unavailable     topology labels that routes avoid (no Up reachable member holds them)
     */
    public record View(String label, List<String> memberLabels, List<String> unavailable) implements ClusterMessage {
    }

    private DeBruijnRouter() {
    }

    public static Behavior<Command> create(NodeSettings settings, Map<String, ActorRef<ModelWorker.Command>> workers) {
        return Behaviors.empty();
    }
}
