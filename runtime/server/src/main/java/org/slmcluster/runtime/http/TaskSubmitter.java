package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;

/** Sends one task through the dispatcher and counts its outcome; a failed task becomes an {@link ApiError}. */
final class TaskSubmitter {

    private final ClusterGateway gateway;
    private final ApiMetrics metrics;

    TaskSubmitter(ClusterGateway gateway, ApiMetrics metrics) {
        this.gateway = gateway;
        this.metrics = metrics;
    }

    /**
     * A streaming task (see {@link LiveTask}); a failure before any text fails the stage with {@link ApiError},
     * and the outcome is counted once, when the task ends.
     */
    CompletionStage<LiveTask> stream(String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        LiveTask task = LiveTask.start(gateway, taskId, model, request, deadline);
        task.result().whenComplete((result, error) -> count(taskId, model, result, error, started));
        return task.live();
    }

    CompletionStage<TaskResult.Completed> run(
            String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        return gateway.submit(taskId, model, request, deadline).handle((result, error) -> {
            count(taskId, model, result, error, started);
            if (error != null) {
                throw ApiError.from(error, "task " + taskId);
            }
            if (result instanceof TaskResult.Failed failed) {
                throw ApiError.of(failed.kind(), failed.reason());
            }
            return (TaskResult.Completed) result;
        });
    }

    private void count(String taskId, String model, TaskResult result, Throwable error, long startedNanos) {
        if (error != null) {
            metrics.failed(model, ApiError.from(error, "task " + taskId).type());
        } else if (result instanceof TaskResult.Failed failed) {
            metrics.failed(model, failed.kind());
        } else {
            metrics.completed((TaskResult.Completed) result, System.nanoTime() - startedNanos);
        }
    }
}
