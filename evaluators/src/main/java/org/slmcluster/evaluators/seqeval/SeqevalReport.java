package org.slmcluster.evaluators.seqeval;

import java.util.Map;

/**
 * seqeval's classification report: per-type scores (types sorted, union of true and predicted types)
 * and the micro, macro and weighted averages, plus token accuracy ({@code accuracy_score}).
 * A macro average over no types at all is NaN, as numpy's mean of an empty array.
 */
public record SeqevalReport(
        Map<String, TypeScore> perType, TypeScore micro, TypeScore macro, TypeScore weighted, double accuracy) {

    public TypeScore average(Average average) {
        return switch (average) {
            case MICRO -> micro;
            case MACRO -> macro;
            case WEIGHTED -> weighted;
        };
    }

    /** seqeval's {@code average} argument. */
    public enum Average {
        MICRO,
        MACRO,
        WEIGHTED
    }

    /** seqeval's {@code mode}: None (conlleval-like chunking) or "strict" (scheme-driven chunking). */
    public enum Mode {
        DEFAULT,
        STRICT
    }
}
