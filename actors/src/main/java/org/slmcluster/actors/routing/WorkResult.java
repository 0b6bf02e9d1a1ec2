package org.slmcluster.actors.routing;

import java.util.List;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.GenerationResult;

/**
 * The outcome of one task attempt, routed back to the node that sent the {@link WorkRequest}.
 *
 * @param nodeLabel     the node whose worker answered
 * @param result        the generation, or null on failure
 * @param failureKind   null on success
 * @param failureReason null on success
 * @param requestTrace  the labels the request visited on its way to the worker
 * @param queueMillis   how long the request waited in the worker's queue
 */
public record WorkResult(String taskId, int attempt, String model, String nodeLabel, GenerationResult result,
                         FailureKind failureKind, String failureReason, List<String> requestTrace,
                         long queueMillis) implements Payload {

    public WorkResult {
        requestTrace = requestTrace == null ? List.of() : List.copyOf(requestTrace);
    }

    public boolean succeeded() {
        return result != null;
    }
}
