package org.slmcluster.runtime.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slmcluster.evaluators.encoder.SentenceEncoder;

/**
 * A fast stand-in for MiniLM in tests of the index mechanics: a bag of lower-cased words hashed into 64
 * dimensions, unit length. It counts the texts it embeds, to prove when an index is (not) rebuilt.
 */
final class HashingEncoder implements SentenceEncoder {

    static final int DIMENSION = 64;
    final AtomicInteger embeddedTexts = new AtomicInteger();

    static EmbeddingModel model(HashingEncoder encoder) {
        return new EmbeddingModel("hashing-bag-of-words", () -> encoder);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        embeddedTexts.addAndGet(texts.size());
        List<float[]> out = new ArrayList<>();
        for (String text : texts) {
            float[] vector = new float[DIMENSION];
            for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
                }
            }
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                vector[0] = 1;
                norm = 1;
            }
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] /= (float) norm;
            }
            out.add(vector);
        }
        return out;
    }
}
