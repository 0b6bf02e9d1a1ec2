package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.TaskProgress;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * One streaming task as the API serves it: the text as the worker generates it, then the task's single
 * result. A small actor hears both from the dispatcher (in that order, one sender, one receiver) and feeds
 * a stream; the task is "live" from its first word, so a task that fails before any text (unknown model,
 * no host) still gets a plain HTTP error instead of a stream.
 */
final class LiveTask {

    sealed interface Event permits Text, End {
    }

    record Text(String text) implements Event {
    }

    record End(TaskResult result) implements Event {
    }

    /** Extra time beyond the deadline, so the dispatcher's own TIMEOUT answer wins. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Progress pieces held for a slow client; pieces are ~20 ms of text each. */
    private static final int BUFFER = 8192;

    private final Source<Event, NotUsed> events;

    private LiveTask(Source<Event, NotUsed> events) {
        this.events = events;
    }

    Source<Event, NotUsed> events() {
        return events;
    }

    private enum Expired { INSTANCE }

    private enum Abandoned { INSTANCE }

    /**
     * Submits the task; the stage completes with the live task at its first word (or at its result, if that
     * comes first and is a success) and fails with {@link ApiError} when the task fails before any text.
     * {@code onEnd} hears the result (or the timeout) once.
     */
    static CompletionStage<LiveTask> start(ClusterGateway gateway, String taskId, String model, GenerationRequest request,
                                           Duration deadline, Consumer<TaskResult> onEnd) {
        Pair<BoundedSourceQueue<Event>, Source<Event, NotUsed>> queued =
                Source.<Event>queue(BUFFER).preMaterialize(Materializer.matFromSystem(gateway.system()));
        BoundedSourceQueue<Event> queue = queued.first();
        LiveTask live = new LiveTask(queued.second());
        CompletableFuture<LiveTask> started = new CompletableFuture<>();
        Behavior<Object> listener = Behaviors.withTimers(timers -> {
            timers.startSingleTimer(Expired.INSTANCE, deadline.plus(GRACE));
            return Behaviors.receive(Object.class)
                    .onMessage(TaskProgress.class, progress -> {
                        queue.offer(new Text(progress.text()));
                        started.complete(live);
                        return Behaviors.same();
                    })
                    .onMessage(TaskResult.class, result -> {
                        end(result, queue, started, live, onEnd);
                        return Behaviors.stopped();
                    })
                    .onMessageEquals(Abandoned.INSTANCE, Behaviors::stopped)
                    .onMessageEquals(Expired.INSTANCE, () -> {
                        end(new TaskResult.Failed(taskId, model, FailureKind.TIMEOUT, "task " + taskId
                                + " got no answer within " + deadline.toMillis() + " ms", 0), queue, started, live, onEnd);
                        return Behaviors.stopped();
                    })
                    .build();
        });
        ActorRef<Object> ref = gateway.system().systemActorOf(listener, "live-" + taskId, Props.empty());
        gateway.submitStreaming(taskId, model, request, deadline, ref).whenComplete((sent, error) -> {
            if (error != null) {
                started.completeExceptionally(error);
                queue.complete();
                ref.tell(Abandoned.INSTANCE);
            }
        });
        return started;
    }

    private static void end(TaskResult result, BoundedSourceQueue<Event> queue, CompletableFuture<LiveTask> started,
                            LiveTask live, Consumer<TaskResult> onEnd) {
        onEnd.accept(result);
        if (!started.isDone() && result instanceof TaskResult.Failed failed) {
            started.completeExceptionally(ApiError.of(failed.kind(), failed.reason()));
        } else {
            queue.offer(new End(result));
            started.complete(live);
        }
        queue.complete();
    }
}
