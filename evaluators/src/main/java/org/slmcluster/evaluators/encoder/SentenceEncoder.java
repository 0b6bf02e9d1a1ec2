package org.slmcluster.evaluators.encoder;

import java.util.List;

/**
 * Turns texts into one unit-length vector each (sentence embeddings), for embedding similarity and
 * retrieval. Implementations are thread-safe.
 */
public interface SentenceEncoder {

    /** One L2-normalised vector per text, in input order. */
    List<float[]> embed(List<String> texts);

    /** The embedding of one text. */
    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** Cosine similarity of two vectors (not assumed normalised); 0 when either has zero length. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector dimensions differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
