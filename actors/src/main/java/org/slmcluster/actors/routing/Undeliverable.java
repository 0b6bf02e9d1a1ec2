package org.slmcluster.actors.routing;

import org.slmcluster.actors.ClusterMessage;

/**
 * An envelope came back: it could not be routed (unknown or unreachable destination, failures cut it off,
 * no local handler) or its TTL ran out.
 *
 * @param envelope the envelope as it was when it failed (its trace ends at {@code atLabel})
 * @param atLabel  the router that gave up
 * @param reason   one line for people, naming the cause
 */
public record Undeliverable(Envelope envelope, String atLabel, String reason) implements ClusterMessage {}
