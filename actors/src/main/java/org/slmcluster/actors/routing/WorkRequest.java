package org.slmcluster.actors.routing;

import org.slmcluster.actors.engine.GenerationRequest;

/**
 * A task attempt on its way to the worker for {@code model} on the destination node.
 *
 * @param deadlineEpochMillis wall-clock deadline (members are expected to keep clocks in sync, e.g. NTP)
 */
public record WorkRequest(String taskId, int attempt, String model, GenerationRequest request,
                          long deadlineEpochMillis) implements Payload {
}
