package org.slmcluster.actors.routing;

import org.apache.pekko.actor.typed.ActorRef;

/** A payload that only travels: the destination router answers {@link Delivered} with the full trace. */
public record Probe(ActorRef<Delivered> replyTo) implements Payload {}
