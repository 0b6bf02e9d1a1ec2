package org.slmcluster.runtime.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerStatus;

/**
 * Whether this member's own model workers can serve: a member whose model gave up loading (a truncated
 * file, say) is Up in the cluster but must not be reported ready, or a load balancer or service manager
 * would keep sending it work it can never do.
 */
final class LocalModelsReadiness {

    static final String GAVE_UP = "GAVE_UP";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final ActorSystem<?> system;

    LocalModelsReadiness(ActorSystem<?> system) {
        this.system = system;
    }

    /** Empty when every local worker can serve; else why not (one line naming each given-up model). */
    CompletionStage<Optional<String>> problem() {
        CompletionStage<Receptionist.Listing> listing = AskPattern.ask(
                system.receptionist(),
                (ActorRef<Receptionist.Listing> replyTo) -> Receptionist.find(ModelWorker.ALL_WORKERS, replyTo),
                ASK_TIMEOUT,
                system.scheduler());
        return listing.thenCompose(found -> {
            List<CompletableFuture<WorkerStatus>> statuses = new ArrayList<>();
            for (ActorRef<ModelWorker.Command> worker : found.getServiceInstances(ModelWorker.ALL_WORKERS)) {
                if (worker.path().address().hasLocalScope()) {
                    statuses.add(AskPattern.<ModelWorker.Command, WorkerStatus>ask(
                                    worker, ModelWorker.GetStatus::new, ASK_TIMEOUT, system.scheduler())
                            .toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        List<String> failed = statuses.stream()
                                .map(CompletableFuture::join)
                                .filter(status -> GAVE_UP.equals(status.state()))
                                .map(WorkerStatus::lastError)
                                .toList();
                        return failed.isEmpty() ? Optional.<String>empty() : Optional.of(String.join("; ", failed));
                    });
        });
    }
}
