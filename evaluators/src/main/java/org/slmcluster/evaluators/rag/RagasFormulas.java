package org.slmcluster.evaluators.rag;

import java.util.List;

/**
 * The arithmetic of the RAGAS metrics, separate from the judge calls so it can be checked exactly.
 * Formulas follow explodinggradients/ragas (metrics/_faithfulness.py, _answer_relevance.py,
 * _context_precision.py, _context_recall.py, collections/answer_correctness).
 */
public final class RagasFormulas {

    private RagasFormulas() {}

    /** Faithfulness: statements the context supports / statements in the answer. */
    public static double faithfulness(List<Boolean> supported) {
        return fraction(supported, "statements");
    }

    /** Context recall: reference statements attributable to the context / reference statements. */
    public static double contextRecall(List<Boolean> attributed) {
        return fraction(attributed, "reference statements");
    }

    /**
     * Context precision, RAGAS's average precision: sum over ranks k of precision@k * v_k, divided
     * by the number of relevant contexts; 0 when none is relevant. (RAGAS adds 1e-10 to the
     * denominator instead; the results differ by less than 1e-10.)
     */
    public static double averagePrecision(List<Boolean> relevantByRank) {
        if (relevantByRank.isEmpty()) {
            throw new IllegalArgumentException("no contexts to rank");
        }
        int relevantSoFar = 0;
        double sum = 0;
        for (int k = 0; k < relevantByRank.size(); k++) {
            if (relevantByRank.get(k)) {
                relevantSoFar++;
                sum += (double) relevantSoFar / (k + 1);
            }
        }
        return relevantSoFar == 0 ? 0.0 : sum / relevantSoFar;
    }

    /**
     * Answer relevancy: mean cosine between the question and the questions generated from the
     * answer, 0 when the answer is noncommittal.
     */
    public static double answerRelevancy(double[] cosines, boolean noncommittal) {
        if (cosines.length == 0) {
            throw new IllegalArgumentException("no generated questions");
        }
        if (noncommittal) {
            return 0.0;
        }
        double sum = 0;
        for (double c : cosines) {
            sum += c;
        }
        return sum / cosines.length;
    }

    /**
     * Factuality of answer correctness: F-beta of the TP / FP / FN statement counts, as RAGAS's
     * collections AnswerCorrectness. With beta = 1 and TP > 0 it equals RAGAS's documented
     * TP / (TP + 0.5 (FP + FN)). Edge cases as RAGAS: precision is 1 when TP + FP = 0 and FN = 0
     * (else 0), recall 1 when TP + FN = 0 and FP = 0 (else 0), and 0 when both are 0.
     */
    public static double factuality(int tp, int fp, int fn, double beta) {
        if (tp < 0 || fp < 0 || fn < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        double precision = tp + fp == 0 ? (fn == 0 ? 1.0 : 0.0) : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? (fp == 0 ? 1.0 : 0.0) : (double) tp / (tp + fn);
        if (precision + recall == 0) {
            return 0.0;
        }
        double b2 = beta * beta;
        return (1 + b2) * precision * recall / (b2 * precision + recall);
    }

    /** Weighted average of factuality and similarity (numpy.average with weights). */
    public static double answerCorrectness(
            double factuality, double similarity, double factualityWeight, double similarityWeight) {
        if (factualityWeight < 0 || similarityWeight < 0 || factualityWeight + similarityWeight == 0) {
            throw new IllegalArgumentException("weights must be non-negative and not both zero");
        }
        return (factualityWeight * factuality + similarityWeight * similarity) / (factualityWeight + similarityWeight);
    }

    private static double fraction(List<Boolean> verdicts, String what) {
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " to score");
        }
        long yes = verdicts.stream().filter(Boolean::booleanValue).count();
        return (double) yes / verdicts.size();
    }
}
