package org.slmcluster.actors.routing;

/**
 * Text a streaming attempt has generated so far, routed back to the node that sent the {@link WorkRequest}
 * ahead of its {@link WorkResult} (same path, so it arrives first).
 *
 * @param sequence 0, 1, 2... per attempt, so a receiver can see a gap
 */
public record WorkProgress(String taskId, int attempt, String text, int sequence) implements Payload {}
