package org.slmcluster.evaluators.bertscore;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * @param idf weight tokens by idf computed from the references (else uniform, specials excluded)
 * @param layer the encoder's hidden layer whose vectors are matched (bert_score's {@code num_layers}: 0 =
 *     embeddings), or the encoder's default (its last layer)
 * @param baseline rescale P / R / F1 with these baselines, or none
 * @param chunkSize segments encoded at a time (bounds memory: vectors of one chunk are held)
 */
public record BertScoreOptions(boolean idf, OptionalInt layer, Optional<Baseline> baseline, int chunkSize) {

    public static final int DEFAULT_CHUNK_SIZE = 256;

    public BertScoreOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        if (layer.isPresent() && layer.getAsInt() < 0) {
            throw new IllegalArgumentException("layer must be 0 (embeddings) or more: " + layer.getAsInt());
        }
    }

    public static BertScoreOptions defaults() {
        return new BertScoreOptions(false, OptionalInt.empty(), Optional.empty(), DEFAULT_CHUNK_SIZE);
    }

    public BertScoreOptions withIdf(boolean useIdf) {
        return new BertScoreOptions(useIdf, layer, baseline, chunkSize);
    }

    public BertScoreOptions withLayer(OptionalInt value) {
        return new BertScoreOptions(idf, value, baseline, chunkSize);
    }

    public BertScoreOptions withBaseline(Baseline value) {
        return new BertScoreOptions(idf, layer, Optional.ofNullable(value), chunkSize);
    }
}
