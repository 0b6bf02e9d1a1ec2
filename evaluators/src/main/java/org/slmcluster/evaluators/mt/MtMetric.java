package org.slmcluster.evaluators.mt;

import java.util.List;

/**
 * A translation metric in sacreBLEU's {@code Metric} shape: the references are prepared once (tokenized,
 * their statistics cached), then any number of systems are scored against them, corpus-wide from summed
 * segment statistics or segment by segment. BLEU, chrF and TER implement it, so everything that scores
 * MT output (the {@code slm score} commands, the evaluator, the benchmarks) treats them alike.
 *
 * @param <S> the metric's score, with its own statistics
 */
public interface MtMetric<S extends MtScore> {

    /**
     * Prepares the references: one stream per reference set, all as long as the hypotheses to come; a null
     * entry means that segment lacks this reference.
     */
    PreparedReferences<S> prepare(List<List<String>> referenceStreams);

    /** The corpus score of {@code hypotheses} against {@code referenceStreams}. */
    default S corpusScore(List<String> hypotheses, List<List<String>> referenceStreams) {
        return prepare(referenceStreams).corpusScore(hypotheses);
    }

    /** The score of one hypothesis against its references. */
    default S sentenceScore(String hypothesis, List<String> references) {
        return prepare(MtReferences.singleSegment(references)).corpusScore(List.of(hypothesis));
    }
}
