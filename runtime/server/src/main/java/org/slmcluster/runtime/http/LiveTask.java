package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * One streaming task as the API serves it: the text as the worker generates it, then the task's single
 * result, as a stream of events. The task is "live" from its first word, so a task that fails before any
 * text (unknown model, no host) still gets a plain HTTP error instead of a stream.
 */
final class LiveTask {

    sealed interface Event permits Text, End {}

    record Text(String text) implements Event {}

    record End(TaskResult result) implements Event {}

    /** Progress pieces held for a slow client; pieces are ~20 ms of text each. */
    private static final int BUFFER = 8192;

    private final Source<Event, NotUsed> events;
    private final CompletableFuture<LiveTask> live = new CompletableFuture<>();
    private final CompletionStage<TaskResult> result;

    private LiveTask(
            ClusterGateway gateway, String taskId, String model, GenerationRequest request, Duration deadline) {
        Pair<BoundedSourceQueue<Event>, Source<Event, NotUsed>> queued =
                Source.<Event>queue(BUFFER).preMaterialize(Materializer.matFromSystem(gateway.system()));
        BoundedSourceQueue<Event> queue = queued.first();
        this.events = queued.second();
        this.result = gateway.submitStreaming(taskId, model, request, deadline, text -> {
            queue.offer(new Text(text));
            live.complete(this);
        });
        // all text was offered (on the listener's thread) before the result completes this stage
        result.whenComplete((answer, error) -> {
            if (error != null) {
                ApiError failure = ApiError.from(error, "task " + taskId);
                if (!live.completeExceptionally(failure)) {
                    queue.offer(new End(
                            new TaskResult.Failed(taskId, model, FailureKind.TIMEOUT, failure.getMessage(), 0)));
                }
            } else if (!live.isDone() && answer instanceof TaskResult.Failed failed) {
                live.completeExceptionally(ApiError.of(failed.kind(), failed.reason()));
            } else {
                queue.offer(new End(answer));
                live.complete(this);
            }
            queue.complete();
        });
    }

    /** Submits the task; see {@link #live()} and {@link #result()}. */
    static LiveTask start(
            ClusterGateway gateway, String taskId, String model, GenerationRequest request, Duration deadline) {
        return new LiveTask(gateway, taskId, model, request, deadline);
    }

    /**
     * Completes at the first word (or at the result, if that comes first and is a success); fails with
     * {@link ApiError} when the task fails before any text.
     */
    CompletionStage<LiveTask> live() {
        return live;
    }

    /** The task's single answer, or an {@link ApiError} when none came (no dispatcher, past the deadline). */
    CompletionStage<TaskResult> result() {
        return result;
    }

    Source<Event, NotUsed> events() {
        return events;
    }
}
