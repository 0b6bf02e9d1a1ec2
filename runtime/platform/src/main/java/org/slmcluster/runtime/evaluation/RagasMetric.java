package org.slmcluster.runtime.evaluation;

/** The judge-based RAGAS metrics a {@link RagEvaluation} may run, with their score names. */
public enum RagasMetric {
    FAITHFULNESS("ragas-faithfulness"),
    ANSWER_RELEVANCY("ragas-answer-relevancy"),
    CONTEXT_PRECISION("ragas-context-precision"),
    CONTEXT_RECALL("ragas-context-recall"),
    ANSWER_CORRECTNESS("ragas-answer-correctness");

    private final String scoreName;

    RagasMetric(String scoreName) {
        this.scoreName = scoreName;
    }

    public String scoreName() {
        return scoreName;
    }
}
