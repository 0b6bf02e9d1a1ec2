package org.slmcluster.actors.dispatch;

import java.util.List;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.GenerationResult;

/** The single answer a caller gets for a submitted task id. */
public sealed interface TaskResult extends ClusterMessage permits TaskResult.Completed, TaskResult.Failed {

    String taskId();

    /**
     * @param nodeLabel    the node whose worker generated the result
     * @param requestTrace labels the winning attempt's request visited, coordinator first, worker node last
     * @param replyTrace   labels the result visited on its way back
     * @param attempts     attempts made (1 when the first node answered)
     * @param version      the store version that served it ({@code model} may name one as {@code name@version},
     *                     or leave the choice to the dispatcher); null for a model of the node files
     */
    record Completed(
            String taskId,
            String model,
            GenerationResult result,
            String nodeLabel,
            List<String> requestTrace,
            List<String> replyTrace,
            int attempts,
            String version)
            implements TaskResult {

        public Completed {
            requestTrace = requestTrace == null ? List.of() : List.copyOf(requestTrace);
            replyTrace = replyTrace == null ? List.of() : List.copyOf(replyTrace);
        }

        /** Served by a worker without a store version. */
        public Completed(
                String taskId,
                String model,
                GenerationResult result,
                String nodeLabel,
                List<String> requestTrace,
                List<String> replyTrace,
                int attempts) {
            this(taskId, model, result, nodeLabel, requestTrace, replyTrace, attempts, null);
        }

        public int hops() {
            return Math.max(0, requestTrace.size() - 1);
        }
    }

    record Failed(String taskId, String model, FailureKind kind, String reason, int attempts) implements TaskResult {}
}
