package org.slmcluster.actors.routing;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.slmcluster.actors.ClusterMessage;

/**
 * Work travelling over the overlay.
 *
 * @param id          unique per envelope, for logs
 * @param source      label of the router that sent it
 * @param destination label that must receive the payload
 * @param ttl         forwards still allowed; a router that would need to forward at zero returns it
 * @param trace       labels of the routers that handled it, in order, source first; at the destination
 *                    it ends with the destination, so {@code hops() == trace.size() - 1}
 * @param payload     what the destination delivers locally
 * @param returnTo    who hears about failures ({@link Undeliverable}); may be null (then failures are logged)
 */
public record Envelope(
        String id,
        String source,
        String destination,
        int ttl,
        List<String> trace,
        Payload payload,
        ActorRef<Undeliverable> returnTo)
        implements ClusterMessage, DeBruijnRouter.Command {

    public Envelope {
        trace = trace == null ? List.of() : List.copyOf(trace);
    }

    public int hops() {
        return Math.max(0, trace.size() - 1);
    }

    Envelope visitedBy(String label) {
        List<String> next = new ArrayList<>(trace.size() + 1);
        next.addAll(trace);
        next.add(label);
        return new Envelope(id, source, destination, ttl, next, payload, returnTo);
    }

    Envelope forwarded() {
        return new Envelope(id, source, destination, ttl - 1, trace, payload, returnTo);
    }
}
