package org.slmcluster.evaluators.ner;

/**
 * The source study's NER score of one answer: {@code rBase = (correct + 0.5 * partial) / totalTrue},
 * {@code rFinal = rBase / 2} when the answer held anything besides the entities. With no gold entity,
 * rBase is 1 when nothing was predicted and 0 otherwise. A parse failure scores 0.
 */
public record NerAnswerScore(
        int correct,
        int partial,
        int totalTrue,
        int predicted,
        boolean extraContent,
        String parseFailure,
        double rBase,
        double rFinal) {

    public boolean parseFailed() {
        return parseFailure != null;
    }
}
