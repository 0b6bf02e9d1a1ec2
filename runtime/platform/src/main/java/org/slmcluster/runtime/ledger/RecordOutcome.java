package org.slmcluster.runtime.ledger;

/** What recording a scored item did to the model's ledger. */
public enum RecordOutcome {
    /** A new task id: journaled, counted once. */
    RECORDED,
    /** The task id is recorded with the same prompt, answer, scores and flags: nothing journaled. */
    DUPLICATE,
    /**
     * The task id is recorded with a different prompt, answer, scores or flags (the item or its metrics
     * changed, or it was re-scored): journaled, the new record replaces the old one (still counted once).
     */
    REPLACED
}
