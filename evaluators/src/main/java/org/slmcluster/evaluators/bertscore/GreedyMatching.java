package org.slmcluster.evaluators.bertscore;

/**
 * BERTScore's core, as bert_score's {@code greedy_cos_idf}: token vectors are L2-normalised; each
 * candidate token is matched to its most similar reference token (cosine) and vice versa, over all
 * tokens of the other side, special tokens included; precision is the weighted mean of the
 * candidate tokens' best similarities, recall that of the reference tokens', F1 = 2PR / (P + R).
 *
 * <p>Where bert_score would divide by zero, the result is 0: a side without content tokens (empty
 * text: P = R = 0, as bert_score does with its warning), and also a side whose weights sum to 0
 * (every piece has idf 0), which bert_score turns into NaN. bert_score also multiplies similarities
 * by the batch's padding mask, so in a padded batch a token whose similarities are all negative
 * scores 0 instead of its best (negative) similarity; this implementation uses the true maximum.
 */
public final class GreedyMatching {

    private GreedyMatching() {}

    /**
     * @param candidate token vectors of the candidate, [tokens][dim]
     * @param candidateWeights weight of each candidate token
     * @param reference token vectors of the reference
     * @param referenceWeights weight of each reference token
     */
    public static PrecisionRecallF1 score(
            float[][] candidate, double[] candidateWeights, float[][] reference, double[] referenceWeights) {
        if (candidate.length != candidateWeights.length || reference.length != referenceWeights.length) {
            throw new IllegalArgumentException("one weight per token is needed");
        }
        double candidateTotal = sum(candidateWeights);
        double referenceTotal = sum(referenceWeights);
        if (candidate.length == 0 || reference.length == 0 || candidateTotal == 0 || referenceTotal == 0) {
            return new PrecisionRecallF1(0.0, 0.0, 0.0);
        }
        double[][] c = normalized(candidate);
        double[][] r = normalized(reference);
        double[] bestForCandidate = new double[c.length];
        double[] bestForReference = new double[r.length];
        java.util.Arrays.fill(bestForCandidate, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(bestForReference, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < r.length; j++) {
                double sim = dot(c[i], r[j]);
                if (sim > bestForCandidate[i]) {
                    bestForCandidate[i] = sim;
                }
                if (sim > bestForReference[j]) {
                    bestForReference[j] = sim;
                }
            }
        }
        double precision = 0;
        for (int i = 0; i < c.length; i++) {
            precision += bestForCandidate[i] * candidateWeights[i];
        }
        double recall = 0;
        for (int j = 0; j < r.length; j++) {
            recall += bestForReference[j] * referenceWeights[j];
        }
        return PrecisionRecallF1.of(precision / candidateTotal, recall / referenceTotal);
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static double[][] normalized(float[][] vectors) {
        double[][] out = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            double norm = 0;
            for (float v : vectors[i]) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            out[i] = new double[vectors[i].length];
            for (int k = 0; k < vectors[i].length; k++) {
                out[i][k] = norm == 0 ? 0 : vectors[i][k] / norm;
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector dimensions differ: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
