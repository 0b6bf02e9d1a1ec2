package org.slmcluster.runtime.rag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retrieval quality against gold paragraph ids. A retrieved chunk covers the paragraph ids it overlaps
 * ({@link DocumentChunk#paragraphIds()}), so sentence windows are scored against paragraph gold ids too.
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    /** Share of the gold ids covered by the first {@code k} hits. */
    public static double recallAtK(List<SearchHit> hits, List<String> goldIds, int k) {
        if (goldIds.isEmpty()) {
            throw new IllegalArgumentException("no gold ids");
        }
        Set<String> covered = new LinkedHashSet<>();
        hits.stream().limit(k).forEach(hit -> covered.addAll(hit.chunk().paragraphIds()));
        return goldIds.stream().filter(covered::contains).count() / (double) goldIds.size();
    }

    /** {@code 1 / rank} of the first hit covering any gold id; 0 when none does. */
    public static double reciprocalRank(List<SearchHit> hits, List<String> goldIds) {
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).chunk().paragraphIds().stream().anyMatch(goldIds::contains)) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }
}
