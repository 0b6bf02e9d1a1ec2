package org.slmcluster.evaluators.rag;

/**
 * Settings of the judge-based RAG metrics.
 *
 * @param maxAttempts judge calls allowed per prompt before the item fails (RAGAS retries too)
 * @param strictness questions generated per answer for answer relevancy (RAGAS default 3)
 * @param noncommittal which generated questions must be flagged noncommittal to zero answer
 *     relevancy
 * @param factualityWeight weight of the statement F-score in answer correctness (RAGAS 0.75)
 * @param similarityWeight weight of the embedding similarity in answer correctness (RAGAS 0.25)
 * @param beta beta of the statement F-score (RAGAS default 1)
 */
public record RagasOptions(
        int maxAttempts,
        int strictness,
        NoncommittalRule noncommittal,
        double factualityWeight,
        double similarityWeight,
        double beta) {

    /**
     * RAGAS's legacy {@code ResponseRelevancy} zeroes the score when ANY generated question is
     * flagged noncommittal ({@code np.any}); its newer collections {@code AnswerRelevancy} only when
     * ALL are ({@code np.all}).
     */
    public enum NoncommittalRule {
        ANY,
        ALL
    }

    public RagasOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (strictness < 1) {
            throw new IllegalArgumentException("strictness must be at least 1");
        }
        if (factualityWeight < 0 || similarityWeight < 0 || factualityWeight + similarityWeight == 0) {
            throw new IllegalArgumentException("answer correctness weights must be non-negative, not both zero");
        }
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be positive");
        }
    }

    public static RagasOptions defaults() {
        return new RagasOptions(3, 3, NoncommittalRule.ANY, 0.75, 0.25, 1.0);
    }

    public RagasOptions withMaxAttempts(int attempts) {
        return new RagasOptions(attempts, strictness, noncommittal, factualityWeight, similarityWeight, beta);
    }

    public RagasOptions withStrictness(int questions) {
        return new RagasOptions(maxAttempts, questions, noncommittal, factualityWeight, similarityWeight, beta);
    }

    public RagasOptions withNoncommittalRule(NoncommittalRule rule) {
        return new RagasOptions(maxAttempts, strictness, rule, factualityWeight, similarityWeight, beta);
    }

    public RagasOptions withWeights(double factuality, double similarity) {
        return new RagasOptions(maxAttempts, strictness, noncommittal, factuality, similarity, beta);
    }
}
