package org.slmcluster.runtime.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.slmcluster.runtime.evaluation.ScoredItem;

/**
 * The event-sourced ledger of one model (persistence id {@code ledger|<model>}), keyed by task id. A
 * record is journaled when its task id is new or its outcome differs from the recorded one (then it
 * replaces it), and acknowledged after the journal write; a repeat delivery journals nothing. Either way
 * each task id counts once, before or after a restart.
 */
public final class ModelLedger extends EventSourcedBehavior<ModelLedger.Command, LedgerEvent, ModelLedger.State> {

    public static final String PERSISTENCE_PREFIX = "ledger";

    private static final Duration RESTART_MIN = Duration.ofMillis(200);
    private static final Duration RESTART_MAX = Duration.ofSeconds(5);

    public sealed interface Command {}

    /** Answers once the outcome is durable: recorded, duplicate (nothing written) or replaced. */
    public record RecordItem(ScoredItem item, ActorRef<RecordOutcome> replyTo) implements Command {}

    /** Answers the recorded items (of one task, or all when {@code task} is null), sorted by id. */
    public record GetItems(String task, ActorRef<List<ScoredItem>> replyTo) implements Command {}

    public record GetIds(ActorRef<Set<String>> replyTo) implements Command {}

    /** Recorded items by task id; mutated only by the event handler, never handed out. */
    public static final class State {
        private final Map<String, ScoredItem> items = new LinkedHashMap<>();

        ScoredItem get(String id) {
            return items.get(id);
        }

        State put(ScoredItem item) {
            items.put(item.id(), item);
            return this;
        }

        List<ScoredItem> items(String task) {
            List<ScoredItem> result = new ArrayList<>();
            for (ScoredItem item : items.values()) {
                if (task == null || item.task().equals(task)) {
                    result.add(item);
                }
            }
            result.sort(Comparator.comparing(ScoredItem::id));
            return result;
        }

        Set<String> ids() {
            return new HashSet<>(items.keySet());
        }
    }

    private ModelLedger(String model) {
        // A journal write that fails (a full disk: issue 17) restarts the ledger, which replays what is durable,
        // instead of stopping it: a stopped ledger would leave the Ledgers facade holding a dead reference, and
        // every later record and read, a resume's included, would time out until the process restarted.
        // Commands arriving while it backs off are stashed, the failed record's asker times out.
        super(persistenceId(model), SupervisorStrategy.restartWithBackoff(RESTART_MIN, RESTART_MAX, 0.2));
    }

    public static Behavior<Command> create(String model) {
        return new ModelLedger(model);
    }

    public static PersistenceId persistenceId(String model) {
        return PersistenceId.of(PERSISTENCE_PREFIX, model);
    }

    @Override
    public State emptyState() {
        return new State();
    }

    @Override
    public CommandHandler<Command, LedgerEvent, State> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(RecordItem.class, (state, record) -> {
                    ScoredItem recorded = state.get(record.item().id());
                    if (recorded != null && sameOutcome(recorded, record.item())) {
                        return Effect().none().thenReply(record.replyTo(), s -> RecordOutcome.DUPLICATE);
                    }
                    RecordOutcome outcome = recorded == null ? RecordOutcome.RECORDED : RecordOutcome.REPLACED;
                    return Effect()
                            .persist(new LedgerEvent.ItemScored(record.item()))
                            .thenReply(record.replyTo(), s -> outcome);
                })
                .onCommand(GetItems.class, (state, get) -> Effect().reply(get.replyTo(), state.items(get.task())))
                .onCommand(GetIds.class, (state, get) -> Effect().reply(get.replyTo(), state.ids()))
                .build();
    }

    /** Same prompt, answer, scores and flags: a repeat delivery (latency, node, timestamps may differ). */
    static boolean sameOutcome(ScoredItem a, ScoredItem b) {
        return a.promptHash().equals(b.promptHash())
                && a.answer().equals(b.answer())
                && a.scores().equals(b.scores())
                && a.flags().equals(b.flags())
                && a.details().equals(b.details());
    }

    @Override
    public EventHandler<State, LedgerEvent> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(LedgerEvent.ItemScored.class, (state, event) -> state.put(event.item()))
                .build();
    }
}
