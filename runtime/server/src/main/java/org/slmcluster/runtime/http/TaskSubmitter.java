package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * Sends one task through the dispatcher and counts its outcome (and, for a watched submitter, shows it to the
 * {@link TrafficWatch}); a failed task becomes an {@link ApiError}.
 */
final class TaskSubmitter {

    private final ClusterGateway gateway;
    private final ApiMetrics metrics;
    private final Optional<TrafficWatch> watch;

    TaskSubmitter(ClusterGateway gateway, ApiMetrics metrics) {
        this(gateway, metrics, Optional.empty());
    }

    private TaskSubmitter(ClusterGateway gateway, ApiMetrics metrics, Optional<TrafficWatch> watch) {
        this.gateway = gateway;
        this.metrics = metrics;
        this.watch = watch;
    }

    /** A submitter that also shows every outcome to {@code watch}. */
    TaskSubmitter watchedBy(TrafficWatch watch) {
        return new TaskSubmitter(gateway, metrics, Optional.of(watch));
    }

    /**
     * A streaming task (see {@link LiveTask}); a failure before any text fails the stage with {@link ApiError},
     * and the outcome is counted once, when the task ends.
     */
    CompletionStage<LiveTask> stream(String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        LiveTask task = LiveTask.start(gateway, taskId, model, request, deadline);
        task.result().whenComplete((result, error) -> count(taskId, model, request, result, error, started));
        return task.live();
    }

    CompletionStage<TaskResult.Completed> run(
            String taskId, String model, GenerationRequest request, Duration deadline) {
        long started = System.nanoTime();
        return gateway.submit(taskId, model, request, deadline).handle((result, error) -> {
            count(taskId, model, request, result, error, started);
            if (error != null) {
                throw ApiError.from(error, "task " + taskId);
            }
            if (result instanceof TaskResult.Failed failed) {
                throw ApiError.of(failed.kind(), failed.reason());
            }
            return (TaskResult.Completed) result;
        });
    }

    private void count(
            String taskId,
            String model,
            GenerationRequest request,
            TaskResult result,
            Throwable error,
            long startedNanos) {
        long elapsed = System.nanoTime() - startedNanos;
        if (error != null) {
            String reason = ApiError.from(error, "task " + taskId).type();
            metrics.failed(model, reason);
            watch.ifPresent(w -> w.failed(model, promptCharacters(request), reason));
        } else if (result instanceof TaskResult.Failed failed) {
            metrics.failed(model, failed.kind());
            watch.ifPresent(w -> w.failed(model, promptCharacters(request), ApiMetrics.reason(failed.kind())));
        } else {
            TaskResult.Completed completed = (TaskResult.Completed) result;
            metrics.completed(completed, elapsed);
            watch.ifPresent(w -> w.completed(
                    model, promptCharacters(request), completed.result().outputTokens(), elapsed / 1e9));
        }
    }

    /** The prompt's length as the client sent it: the raw prompt, or the characters of all chat messages. */
    private static long promptCharacters(GenerationRequest request) {
        if (!request.isChat()) {
            return request.rawPrompt().length();
        }
        long characters = 0;
        for (ChatMessage message : request.messages()) {
            characters += message.content().length();
        }
        return characters;
    }
}
