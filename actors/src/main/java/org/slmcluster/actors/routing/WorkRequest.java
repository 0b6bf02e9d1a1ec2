package org.slmcluster.actors.routing;

import org.slmcluster.actors.engine.GenerationRequest;

/**
 * A task attempt on its way to the worker for {@code model} on the destination node.
 *
 * @param deadlineEpochMillis wall-clock deadline (members are expected to keep clocks in sync, e.g. NTP)
 * @param stream              the text is wanted as it is generated: the destination routes
 *                            {@link WorkProgress} back to the source before the {@link WorkResult}
 */
public record WorkRequest(
        String taskId, int attempt, String model, GenerationRequest request, long deadlineEpochMillis, boolean stream)
        implements Payload {

    /** A request whose answer comes whole. */
    public WorkRequest(String taskId, int attempt, String model, GenerationRequest request, long deadlineEpochMillis) {
        this(taskId, attempt, model, request, deadlineEpochMillis, false);
    }
}
