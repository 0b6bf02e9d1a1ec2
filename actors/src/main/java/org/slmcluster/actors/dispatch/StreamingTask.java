package org.slmcluster.actors.dispatch;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * A streaming task seen from its caller. One listener actor receives both the {@link TaskProgress} and the
 * {@link TaskResult} (one sender, one receiver: the text always comes first), hands each piece of text to
 * {@code onText} and then completes the stage with the result.
 */
public final class StreamingTask {

    /** Extra time beyond the deadline, so the dispatcher's own TIMEOUT answer wins. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private enum Expired {
        INSTANCE
    }

    private StreamingTask() {}

    /**
     * Submits {@code request} to {@code dispatcher} as a streaming task. {@code onText} runs on the listener's
     * actor thread, in order, before the stage completes (keep it quick; what it throws is logged and does not
     * end the task). Fails with a {@link TimeoutException} when nothing answers by the deadline plus a grace.
     */
    public static CompletionStage<TaskResult> submit(
            ActorSystem<?> system,
            ActorRef<TaskDispatcher.Command> dispatcher,
            String taskId,
            String model,
            GenerationRequest request,
            Duration deadline,
            Consumer<String> onText) {
        CompletableFuture<TaskResult> done = new CompletableFuture<>();
        Behavior<Object> listener = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(Expired.INSTANCE, deadline.plus(GRACE));
            return Behaviors.receive(Object.class)
                    .onMessage(TaskProgress.class, progress -> {
                        try {
                            onText.accept(progress.text());
                        } catch (RuntimeException e) {
                            context.getLog().warn("the text consumer of task {} failed: {}", taskId, e.toString());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(TaskResult.class, result -> {
                        done.complete(result);
                        return Behaviors.stopped();
                    })
                    .onMessageEquals(Expired.INSTANCE, () -> {
                        done.completeExceptionally(new TimeoutException(
                                "task " + taskId + " got no answer within " + deadline.toMillis() + " ms"));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
        ActorRef<Object> ref = system.systemActorOf(listener, "stream-" + UUID.randomUUID(), Props.empty());
        dispatcher.tell(TaskDispatcher.Submit.streaming(taskId, model, request, deadline, ref.narrow(), ref.narrow()));
        return done;
    }
}
