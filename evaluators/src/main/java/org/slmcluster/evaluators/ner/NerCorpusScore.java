package org.slmcluster.evaluators.ner;

import java.util.List;

/**
 * Scores over many answers: {@code meanRFinal} and {@code meanRBase} are plain means of the per-answer
 * scores; {@code pooledRBase} is (sum correct + 0.5 * sum partial) / sum true; plus the rates of parse
 * failures and of answers with extra content.
 */
public record NerCorpusScore(
        double meanRFinal,
        double meanRBase,
        double pooledRBase,
        int correct,
        int partial,
        int totalTrue,
        int parseFailures,
        double parseFailureRate,
        double extraContentRate,
        List<NerAnswerScore> answers) {}
