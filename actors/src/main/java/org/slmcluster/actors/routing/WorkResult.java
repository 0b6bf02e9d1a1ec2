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
 * @param replyTrace    the labels this result visited on its way back (filled in at delivery)
 * @param queueMillis   how long the request waited in the worker's queue
 */
public record WorkResult(
        String taskId,
        int attempt,
        String model,
        String nodeLabel,
        GenerationResult result,
        FailureKind failureKind,
        String failureReason,
        List<String> requestTrace,
        List<String> replyTrace,
        long queueMillis)
        implements Payload {

    public WorkResult {
        requestTrace = requestTrace == null ? List.of() : List.copyOf(requestTrace);
        replyTrace = replyTrace == null ? List.of() : List.copyOf(replyTrace);
    }

    public boolean succeeded() {
        return result != null;
    }

    public WorkResult withReplyTrace(List<String> trace) {
        return new WorkResult(
                taskId,
                attempt,
                model,
                nodeLabel,
                result,
                failureKind,
                failureReason,
                requestTrace,
                trace,
                queueMillis);
    }
}
