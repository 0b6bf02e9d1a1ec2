package org.slmcluster.evaluators.encoder;

/**
 * Sentence embedding from token embeddings as sentence-transformers' all-MiniLM-L6-v2 (and
 * langchain4j's in-process model) compute it: the mean of every token vector the attention mask
 * covers, special tokens included, then L2 normalisation.
 */
public final class Pooling {

    private Pooling() {}

    public static float[] meanNormalized(EncodedText encoded) {
        int dim = encoded.dimension();
        double[] sum = new double[dim];
        for (float[] vector : encoded.vectors()) {
            for (int j = 0; j < dim; j++) {
                sum[j] += vector[j];
            }
        }
        int n = Math.max(1, encoded.length());
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            sum[j] /= n;
            norm += sum[j] * sum[j];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            out[j] = norm == 0 ? 0f : (float) (sum[j] / norm);
        }
        return out;
    }
}
