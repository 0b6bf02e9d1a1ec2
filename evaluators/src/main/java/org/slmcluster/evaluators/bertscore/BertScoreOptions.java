package org.slmcluster.evaluators.bertscore;

import java.util.Optional;

/**
 * @param idf weight tokens by idf computed from the references (else uniform, specials excluded)
 * @param baseline rescale P / R / F1 with these baselines, or none
 * @param chunkSize segments encoded at a time (bounds memory: vectors of one chunk are held)
 */
public record BertScoreOptions(boolean idf, Optional<Baseline> baseline, int chunkSize) {

    public static final int DEFAULT_CHUNK_SIZE = 256;

    public BertScoreOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
    }

    public static BertScoreOptions defaults() {
        return new BertScoreOptions(false, Optional.empty(), DEFAULT_CHUNK_SIZE);
    }

    public BertScoreOptions withIdf(boolean useIdf) {
        return new BertScoreOptions(useIdf, baseline, chunkSize);
    }

    public BertScoreOptions withBaseline(Baseline value) {
        return new BertScoreOptions(idf, Optional.ofNullable(value), chunkSize);
    }
}
