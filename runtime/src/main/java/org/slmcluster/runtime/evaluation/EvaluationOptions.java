package org.slmcluster.runtime.evaluation;

import java.util.Optional;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.encoder.SentenceEncoder;

/**
 * Optional model-based scorers. Without them the evaluator computes every lexical metric and leaves
 * BERTScore and embedding similarity out (a task listing them simply gets no such score).
 *
 * @param bertScore        scores translation / summarization / generation with BERTScore F1 when present
 * @param sentenceEncoder  RAG embedding similarity of answer and reference when present
 */
public record EvaluationOptions(Optional<BertScore> bertScore, Optional<SentenceEncoder> sentenceEncoder) {

    public EvaluationOptions {
        bertScore = bertScore == null ? Optional.empty() : bertScore;
        sentenceEncoder = sentenceEncoder == null ? Optional.empty() : sentenceEncoder;
    }

    /** Lexical metrics only. */
    public static EvaluationOptions lexical() {
        return new EvaluationOptions(Optional.empty(), Optional.empty());
    }

    public EvaluationOptions withBertScore(BertScore value) {
        return new EvaluationOptions(Optional.of(value), sentenceEncoder);
    }

    public EvaluationOptions withSentenceEncoder(SentenceEncoder value) {
        return new EvaluationOptions(bertScore, Optional.of(value));
    }
}
