package org.slmcluster.runtime.suite;

import java.util.List;

/**
 * A RAG task's judge: the cluster model that judges each answer, the RAGAS metrics it computes (config
 * names, see {@link #METRICS}), how many calls each verdict may take before the item's metric fails, and
 * the judge's own generation settings (token budget and temperature of every judge call).
 *
 * @param optional when the judge model is not in the cluster's catalogue, the job still runs: the judged
 *                 metrics are skipped (with a note in the job's progress), never counted as 0; a required
 *                 judge (the default) whose model is unknown refuses the job
 */
public record RagJudgeDefinition(
        String model, List<String> metrics, int attempts, int maxTokens, double temperature, boolean optional) {

    /**
     * Judge metric names a suite may ask for: the RAGAS ones, each scored as {@code ragas-<name>}, and the
     * study's binary verdict {@value #CORRECT}, scored as {@code correct} (1 correct, 0 not).
     */
    public static final List<String> METRICS = List.of(
            "faithfulness", "answer-relevancy", "context-precision", "context-recall", "answer-correctness", "correct");

    /** The study's judged verdict: the answer is correct (1) or not (0) against the reference answer. */
    public static final String CORRECT = "correct";
    /** Answer relevancy and answer correctness also need sentence embeddings. */
    public static final List<String> NEED_ENCODER = List.of("answer-relevancy", "answer-correctness");

    public static final int DEFAULT_ATTEMPTS = 2;
    /** Large enough for a JSON verdict listing a few statements. */
    public static final int DEFAULT_MAX_TOKENS = 512;
    /** Greedy, so that verdicts repeat run to run. */
    public static final double DEFAULT_TEMPERATURE = 0.0;

    public RagJudgeDefinition {
        metrics = List.copyOf(metrics);
    }

    /** A required judge. */
    public RagJudgeDefinition(String model, List<String> metrics, int attempts, int maxTokens, double temperature) {
        this(model, metrics, attempts, maxTokens, temperature, false);
    }

    /** A required judge with the default generation settings (greedy, {@value #DEFAULT_MAX_TOKENS} tokens). */
    public RagJudgeDefinition(String model, List<String> metrics, int attempts) {
        this(model, metrics, attempts, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE);
    }
}
