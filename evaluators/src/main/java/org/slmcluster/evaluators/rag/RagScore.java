package org.slmcluster.evaluators.rag;

/**
 * The outcome of one RAG metric on one item: a value, or a failure that says why there is none
 * (never a silent NaN or a zero standing in for "unknown").
 */
public sealed interface RagScore permits RagScore.Value, RagScore.Failure {

    /** Why an item has no score. */
    enum Reason {
        /** The judge kept failing (malformed output or errors) for every allowed attempt. */
        JUDGE_FAILED,
        /** The metric is undefined for this item (e.g. the judge found no statements to check). */
        UNDEFINED,
        /** The item lacks what the metric needs (e.g. no contexts, no reference). */
        BAD_INPUT
    }

    static RagScore of(double value) {
        return new Value(value);
    }

    static RagScore failure(Reason reason, String message) {
        return new Failure(reason, message);
    }

    boolean isValue();

    record Value(double value) implements RagScore {
        public Value {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a RAG score is never NaN: report a Failure instead");
            }
        }

        @Override
        public boolean isValue() {
            return true;
        }
    }

    record Failure(Reason reason, String message) implements RagScore {
        @Override
        public boolean isValue() {
            return false;
        }
    }
}
