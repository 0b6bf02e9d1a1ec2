package org.slmcluster.evaluators.bertscore;

/** BERTScore's three numbers for one candidate, or their mean over a corpus. */
public record PrecisionRecallF1(double precision, double recall, double f1) {

    /** F1 from P and R as bert_score computes it: 2PR / (P + R), and 0 where that is undefined. */
    public static PrecisionRecallF1 of(double precision, double recall) {
        double f1 = 2 * precision * recall / (precision + recall);
        return new PrecisionRecallF1(precision, recall, Double.isNaN(f1) ? 0.0 : f1);
    }

    /** Each of P, R and F1 maxed separately (bert_score's rule for several references). */
    public PrecisionRecallF1 max(PrecisionRecallF1 other) {
        return new PrecisionRecallF1(
                Math.max(precision, other.precision), Math.max(recall, other.recall), Math.max(f1, other.f1));
    }
}
