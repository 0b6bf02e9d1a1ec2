package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * and every outcome is counted once.
     */
    CompletionStage<LiveTask> stream(String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        AtomicBoolean counted = new AtomicBoolean();
        return LiveTask.start(gateway, taskId, model, request, deadline, result -> {
            counted.set(true);
            if (result instanceof TaskResult.Completed completed) {
                metrics.completed(completed, System.nanoTime() - started);
            } else if (result instanceof TaskResult.Failed failed) {
                metrics.failed(model, failed.kind());
            }
        }).exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ApiError apiError = cause instanceof ApiError known ? known
                    : ApiError.unavailable("task " + taskId + " could not be submitted: " + cause);
            if (!counted.get()) {
                metrics.failed(model, apiError.type());
            }
            return CompletableFuture.failedFuture(apiError);
        });
    }

    CompletionStage<TaskResult.Completed> run(String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        return gateway.submit(taskId, model, request, deadline).handle((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                ApiError apiError = cause instanceof ApiError known ? known
                        : ApiError.unavailable("task " + taskId + " could not be submitted: " + cause);
                metrics.failed(model, apiError.type());
                throw apiError;
            }
            if (result instanceof TaskResult.Failed failed) {
                metrics.failed(model, failed.kind());
                throw ApiError.of(failed.kind(), failed.reason());
            }
            TaskResult.Completed completed = (TaskResult.Completed) result;
            metrics.completed(completed, System.nanoTime() - started);
            return completed;
        });
    }
}
