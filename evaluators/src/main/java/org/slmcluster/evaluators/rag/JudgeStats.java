package org.slmcluster.evaluators.rag;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of judge use, shared by the metrics of one evaluator; thread-safe. */
public final class JudgeStats {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong malformedOutputs = new AtomicLong();
    private final AtomicLong judgeErrors = new AtomicLong();
    private final AtomicLong failedItems = new AtomicLong();

    /**
     * @param calls prompts sent to the judge, retries included
     * @param malformedOutputs answers that were not the JSON asked for
     * @param judgeErrors calls where the judge threw
     * @param failedItems metric items that got no score because the judge kept failing
     */
    public record Snapshot(long calls, long malformedOutputs, long judgeErrors, long failedItems) {}

    void call() {
        calls.incrementAndGet();
    }

    void malformed() {
        malformedOutputs.incrementAndGet();
    }

    void error() {
        judgeErrors.incrementAndGet();
    }

    void failedItem() {
        failedItems.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(calls.get(), malformedOutputs.get(), judgeErrors.get(), failedItems.get());
    }
}
