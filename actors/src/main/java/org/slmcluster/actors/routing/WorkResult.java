package org.slmcluster.actors.routing;

import java.util.List;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.GenerationResult;

/**
 * The outcome of one task attempt, routed back to the node that sent the {@link WorkRequest}: the worker
 * either {@link Generated} an answer or the attempt {@link Failed} with a reason.
 */
public sealed interface WorkResult extends Payload permits WorkResult.Generated, WorkResult.Failed {

    String taskId();

    int attempt();

    String model();

    /** The node whose worker answered. */
    String nodeLabel();

    /** The labels the request visited on its way to the worker. */
    List<String> requestTrace();

    /** The labels this result visited on its way back (filled in at delivery). */
    List<String> replyTrace();

    /** A copy with the way back recorded. */
    WorkResult withReplyTrace(List<String> trace);

    /** @param queueMillis how long the request waited in the worker's queue */
    record Generated(
            String taskId,
            int attempt,
            String model,
            String nodeLabel,
            GenerationResult result,
            List<String> requestTrace,
            List<String> replyTrace,
            long queueMillis)
            implements WorkResult {

        public Generated {
            requestTrace = requestTrace == null ? List.of() : List.copyOf(requestTrace);
            replyTrace = replyTrace == null ? List.of() : List.copyOf(replyTrace);
        }

        @Override
        public Generated withReplyTrace(List<String> trace) {
            return new Generated(taskId, attempt, model, nodeLabel, result, requestTrace, trace, queueMillis);
        }
    }

    record Failed(
            String taskId,
            int attempt,
            String model,
            String nodeLabel,
            FailureKind kind,
            String reason,
            List<String> requestTrace,
            List<String> replyTrace)
            implements WorkResult {

        public Failed {
            requestTrace = requestTrace == null ? List.of() : List.copyOf(requestTrace);
            replyTrace = replyTrace == null ? List.of() : List.copyOf(replyTrace);
        }

        @Override
        public Failed withReplyTrace(List<String> trace) {
            return new Failed(taskId, attempt, model, nodeLabel, kind, reason, requestTrace, trace);
        }
    }
}
