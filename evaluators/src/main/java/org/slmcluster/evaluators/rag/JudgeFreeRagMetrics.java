package org.slmcluster.evaluators.rag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slmcluster.evaluators.encoder.SentenceEncoder;

/**
 * RAG metrics that need no judge: embedding answer similarity (RAGAS's semantic similarity) and
 * id-based context precision / recall (RAGAS's {@code IDBasedContextPrecision} /
 * {@code IDBasedContextRecall}) against gold chunk ids. Exact match and token F1 of the answer are
 * SQuAD's, in {@code org.slmcluster.evaluators.squad}.
 */
public final class JudgeFreeRagMetrics {

    private JudgeFreeRagMetrics() {}

    /** Cosine similarity of the sentence embeddings of answer and reference. */
    public static double answerSimilarity(SentenceEncoder encoder, String answer, String reference) {
        List<float[]> v = encoder.embed(List.of(answer, reference));
        return SentenceEncoder.cosine(v.get(0), v.get(1));
    }

    /**
     * Distinct retrieved ids that are gold / distinct retrieved ids (RAGAS compares ids as a set).
     *
     * @throws IllegalArgumentException when nothing was retrieved (the ratio is undefined)
     */
    public static double idContextPrecision(List<String> retrievedIds, List<String> goldIds) {
        Set<String> retrieved = new LinkedHashSet<>(retrievedIds);
        if (retrieved.isEmpty()) {
            throw new IllegalArgumentException("no retrieved ids: context precision is undefined");
        }
        Set<String> gold = Set.copyOf(goldIds);
        long hits = retrieved.stream().filter(gold::contains).count();
        return (double) hits / retrieved.size();
    }

    /**
     * Distinct gold ids that were retrieved / distinct gold ids.
     *
     * @throws IllegalArgumentException when there are no gold ids (the ratio is undefined)
     */
    public static double idContextRecall(List<String> retrievedIds, List<String> goldIds) {
        Set<String> gold = new LinkedHashSet<>(goldIds);
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("no gold ids: context recall is undefined");
        }
        Set<String> retrieved = Set.copyOf(retrievedIds);
        long hits = gold.stream().filter(retrieved::contains).count();
        return (double) hits / gold.size();
    }

    /**
     * Rank-aware variant: RAGAS's average precision over the retrieved ids in rank order, a rank
     * being relevant when its id is gold (a repeated id counts once, at its first rank).
     */
    public static double idAveragePrecision(List<String> rankedRetrievedIds, List<String> goldIds) {
        Set<String> gold = Set.copyOf(goldIds);
        List<Boolean> relevant = new LinkedHashSet<>(rankedRetrievedIds)
                .stream().map(gold::contains).toList();
        return RagasFormulas.averagePrecision(relevant);
    }
}
