package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.StreamingTask;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;

/**
 * The API's way into the cluster: the coordinator's {@link TaskDispatcher}, found through the receptionist
 * (the one in this ActorSystem when there is one) and asked for tasks and cluster status.
 */
final class ClusterGateway {

    /** Extra time the ask waits beyond the task deadline, so the dispatcher's own TIMEOUT answer wins. */
    private static final Duration ASK_GRACE = Duration.ofSeconds(5);

    private static final Duration FIND_TIMEOUT = Duration.ofSeconds(3);

    private final ActorSystem<?> system;
    private final AtomicReference<ActorRef<TaskDispatcher.Command>> dispatcher = new AtomicReference<>();

    private final TransportLimit transportLimit;

    ClusterGateway(ActorSystem<?> system) {
        this.system = system;
        this.transportLimit = TransportLimit.of(system.settings().config());
    }

    /** The task's single answer; fails with {@link ApiError} (503 without a dispatcher, 504 past the deadline). */
    CompletionStage<TaskResult> submit(String taskId, String model, GenerationRequest request, Duration deadline) {
        ApiError tooLarge = refusal(request);
        if (tooLarge != null) {
            return CompletableFuture.failedFuture(tooLarge);
        }
        return dispatcher()
                .thenCompose(ref -> AskPattern.<TaskDispatcher.Command, TaskResult>ask(
                        ref,
                        replyTo -> TaskDispatcher.Submit.within(taskId, model, request, deadline, replyTo),
                        deadline.plus(ASK_GRACE),
                        system.scheduler()))
                .exceptionally(error -> {
                    throw asApiError(error, "task " + taskId + " got no answer within " + deadline.toMillis() + " ms");
                });
    }

    /**
     * A streaming task: {@code onText} gets its text as the worker generates it, then the stage completes with
     * the single answer; fails with {@link ApiError} (503 without a dispatcher, 504 past the deadline).
     */
    CompletionStage<TaskResult> submitStreaming(
            String taskId, String model, GenerationRequest request, Duration deadline, Consumer<String> onText) {
        ApiError tooLarge = refusal(request);
        if (tooLarge != null) {
            return CompletableFuture.failedFuture(tooLarge);
        }
        return dispatcher()
                .thenCompose(ref -> StreamingTask.submit(system, ref, taskId, model, request, deadline, onText))
                .exceptionally(error -> {
                    throw asApiError(error, "task " + taskId + " got no answer within " + deadline.toMillis() + " ms");
                });
    }

    ActorSystem<?> system() {
        return system;
    }

    CompletionStage<ClusterStatus> status(Duration timeout) {
        return dispatcher()
                .thenCompose(ref -> AskPattern.<TaskDispatcher.Command, ClusterStatus>ask(
                        ref, TaskDispatcher.GetClusterStatus::new, timeout, system.scheduler()))
                .exceptionally(error -> {
                    throw asApiError(
                            error,
                            "the dispatcher did not report the cluster status within " + timeout.toMillis() + " ms");
                });
    }

    private CompletionStage<ActorRef<TaskDispatcher.Command>> dispatcher() {
        ActorRef<TaskDispatcher.Command> known = dispatcher.get();
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                        system.receptionist(),
                        replyTo -> Receptionist.find(TaskDispatcher.KEY, replyTo),
                        FIND_TIMEOUT,
                        system.scheduler())
                .thenApply(listing -> {
                    Set<ActorRef<TaskDispatcher.Command>> found = listing.getServiceInstances(TaskDispatcher.KEY);
                    ActorRef<TaskDispatcher.Command> chosen = found.stream()
                            .filter(ref -> ref.path().address().hasLocalScope())
                            .findFirst()
                            .orElseGet(
                                    () -> found.stream()
                                            .findFirst()
                                            .orElseThrow(
                                                    () -> ApiError.unavailable(
                                                            "no task dispatcher is running yet (the coordinator starts it once it has joined)")));
                    // Only the local dispatcher is cached: a remote one may go away with its member.
                    if (chosen.path().address().hasLocalScope()) {
                        dispatcher.set(chosen);
                    }
                    return chosen;
                });
    }

    /** 413 for a request too large for the transport (it would be dropped on the way), else null. */
    private ApiError refusal(GenerationRequest request) {
        try {
            transportLimit.check(request);
            return null;
        } catch (ApiError tooLarge) {
            return tooLarge;
        }
    }

    private static ApiError asApiError(Throwable error, String timeoutMessage) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError apiError) {
            return apiError;
        }
        if (cause instanceof TimeoutException) {
            return ApiError.timeout(timeoutMessage);
        }
        return ApiError.unavailable("the cluster could not be asked: " + cause);
    }
}
