package org.slmcluster.runtime.evaluation;

import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slmcluster.evaluators.bertscore.BertScore;
import org.slmcluster.evaluators.bertscore.BertScoreOptions;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
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

    /**
     * BERTScore (no idf, no baseline) and embedding similarity with the encoder that ships on the
     * classpath (all-MiniLM-L6-v2); lexical metrics only, with a warning, when it does not load.
     */
    public static EvaluationOptions withDefaultEncoder() {
        try {
            OnnxEncoder encoder = OnnxEncoder.loadDefault();
            return new EvaluationOptions(
                    Optional.of(new BertScore(encoder, BertScoreOptions.defaults())), Optional.of(encoder));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(EvaluationOptions.class)
                    .warn(
                            "the default encoder did not load ({}): BERTScore and embedding similarity are left out",
                            e.getMessage());
            return lexical();
        }
    }

    public EvaluationOptions withBertScore(BertScore value) {
        return new EvaluationOptions(Optional.of(value), sentenceEncoder);
    }

    public EvaluationOptions withSentenceEncoder(SentenceEncoder value) {
        return new EvaluationOptions(bertScore, Optional.of(value));
    }
}
