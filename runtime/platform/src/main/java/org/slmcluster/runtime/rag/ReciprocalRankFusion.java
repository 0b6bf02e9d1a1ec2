package org.slmcluster.runtime.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): an item's score is the sum over the
 * rankings that hold it of {@code 1 / (k + rank)}, rank from 1. Only ranks matter, so BM25 and cosine
 * scores need no calibration against each other. Ties keep the order of first appearance (the first
 * ranking's order first).
 */
public final class ReciprocalRankFusion {

    public static final int DEFAULT_K = 60;

    public record Fused<T>(T item, double score) {}

    private ReciprocalRankFusion() {}

    public static <T> List<Fused<T>> fuse(List<? extends List<T>> rankings, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("RRF k must not be negative: " + k);
        }
        Map<T, Double> scores = new LinkedHashMap<>();
        int longest = rankings.stream().mapToInt(List::size).max().orElse(0);
        // Walk rank by rank so that first appearance, the tie-break, favours better ranks.
        for (int rank = 1; rank <= longest; rank++) {
            for (List<T> ranking : rankings) {
                if (rank <= ranking.size()) {
                    scores.merge(ranking.get(rank - 1), 1.0 / (k + rank), Double::sum);
                }
            }
        }
        List<Fused<T>> fused = new ArrayList<>();
        scores.forEach((item, score) -> fused.add(new Fused<>(item, score)));
        fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed());
        return fused;
    }
}
