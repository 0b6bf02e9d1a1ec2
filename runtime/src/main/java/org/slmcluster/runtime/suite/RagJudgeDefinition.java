package org.slmcluster.runtime.suite;

import java.util.List;

/**
 * A RAG task's judge: the cluster model that judges each answer, the RAGAS metrics it computes (config
 * names, see {@link #METRICS}) and how many calls each verdict may take before the item's metric fails.
 */
public record RagJudgeDefinition(String model, List<String> metrics, int attempts) {

    /** RAGAS metric names a suite may ask for; each is scored as {@code ragas-<name>}. */
    public static final List<String> METRICS =
            List.of("faithfulness", "answer-relevancy", "context-precision", "context-recall", "answer-correctness");
    /** Answer relevancy and answer correctness also need sentence embeddings. */
    public static final List<String> NEED_ENCODER = List.of("answer-relevancy", "answer-correctness");
    public static final int DEFAULT_ATTEMPTS = 2;

    public RagJudgeDefinition {
        metrics = List.copyOf(metrics);
    }
}
