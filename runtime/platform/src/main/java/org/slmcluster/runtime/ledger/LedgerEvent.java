package org.slmcluster.runtime.ledger;

import org.slmcluster.runtime.evaluation.ScoredItem;

/** What a model's ledger journals. Serialized as JSON by {@link LedgerEventSerializer}. */
public sealed interface LedgerEvent permits LedgerEvent.ItemScored {

    /** An item was scored and recorded (once per task id: a repeat is not journaled). */
    record ItemScored(ScoredItem item) implements LedgerEvent {}
}
