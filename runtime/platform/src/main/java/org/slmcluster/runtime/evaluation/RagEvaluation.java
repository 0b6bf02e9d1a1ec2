package org.slmcluster.runtime.evaluation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.rag.JudgeFreeRagMetrics;
import org.slmcluster.evaluators.rag.JudgeStats;
import org.slmcluster.evaluators.rag.RagScore;
import org.slmcluster.evaluators.rag.RagSummary;
import org.slmcluster.evaluators.rag.RagasMetrics;
import org.slmcluster.evaluators.squad.SquadScorer;
import org.slmcluster.runtime.rag.answer.RagAnswer;
import org.slmcluster.runtime.suite.RagItem;

/**
 * Scores a {@link RagAnswer} against a gold item. Always the judge-free metrics: SQuAD exact match and
 * token F1 of the answer, embedding similarity to the gold answer (when an encoder is given), id-based
 * context precision / recall of the retrieved ids against the gold ids. With a judge, the chosen RAGAS
 * metrics too. A metric without a value is a {@link RagScore.Failure} naming why (judge kept failing,
 * no gold ids...), and {@link #summarize} leaves failures out of the means.
 */
public final class RagEvaluation {

    private final SentenceEncoder encoder;
    private final RagasMetrics ragas;
    private final Set<RagasMetric> judged;

    /** Judge-free only; {@code encoder} may be null (then no embedding similarity). */
    public RagEvaluation(SentenceEncoder encoder) {
        this(encoder, null, Set.of());
    }

    /**
     * @param ragas  the judge-based metrics (null: judge-free only)
     * @param judged which of them to run (answer relevancy and answer correctness need {@code ragas} to
     *     have an encoder)
     */
    public RagEvaluation(SentenceEncoder encoder, RagasMetrics ragas, Set<RagasMetric> judged) {
        this.encoder = encoder;
        this.ragas = ragas;
        this.judged = judged.isEmpty() ? Set.of() : EnumSet.copyOf(judged);
        if (ragas == null && !judged.isEmpty()) {
            throw new IllegalArgumentException("RAGAS metrics " + judged + " need a judge");
        }
    }

    /** Judge counters (calls, malformed verdicts, errors, failed items), when a judge is configured. */
    public Optional<JudgeStats.Snapshot> judgeStats() {
        return ragas == null ? Optional.empty() : Optional.of(ragas.stats());
    }

    public RagItemScores score(String itemId, RagAnswer answer, RagItem gold) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(gold, "gold");
        Map<String, RagScore> scores = new LinkedHashMap<>();
        String text = answer.answer();
        scores.put(ScoreNames.EXACT_MATCH, new RagScore.Value(SquadScorer.exactMatch(text, gold.answer()) ? 1.0 : 0.0));
        scores.put(ScoreNames.TOKEN_F1, new RagScore.Value(SquadScorer.f1(text, gold.answer())));
        if (encoder != null) {
            scores.put(
                    ScoreNames.EMBEDDING_SIMILARITY,
                    new RagScore.Value(JudgeFreeRagMetrics.answerSimilarity(encoder, text, gold.answer())));
        }
        List<String> retrieved = answer.retrievedIds();
        scores.put(
                ScoreNames.CONTEXT_PRECISION,
                retrieved.isEmpty()
                        ? new RagScore.Failure(RagScore.Reason.BAD_INPUT, "nothing was retrieved")
                        : new RagScore.Value(JudgeFreeRagMetrics.idContextPrecision(retrieved, gold.goldChunkIds())));
        scores.put(
                ScoreNames.CONTEXT_RECALL,
                gold.goldChunkIds().isEmpty()
                        ? new RagScore.Failure(RagScore.Reason.BAD_INPUT, "the item has no gold chunk ids")
                        : new RagScore.Value(JudgeFreeRagMetrics.idContextRecall(retrieved, gold.goldChunkIds())));
        for (RagasMetric metric : judged) {
            scores.put(metric.scoreName(), judge(metric, answer, gold));
        }
        return new RagItemScores(itemId, scores);
    }

    public RagItemScores score(RagAnswer answer, RagItem gold) {
        return score(gold.id(), answer, gold);
    }

    private RagScore judge(RagasMetric metric, RagAnswer answer, RagItem gold) {
        String question = answer.question();
        List<String> contexts = answer.contexts();
        return switch (metric) {
            case FAITHFULNESS -> ragas.faithfulness(question, answer.answer(), contexts);
            case ANSWER_RELEVANCY -> ragas.answerRelevancy(question, answer.answer());
            case CONTEXT_PRECISION -> ragas.contextPrecision(question, contexts, gold.answer());
            case CONTEXT_RECALL -> ragas.contextRecall(question, contexts, gold.answer());
            case ANSWER_CORRECTNESS -> ragas.answerCorrectness(question, answer.answer(), gold.answer());
        };
    }

    /** Per metric, the mean over the items that have a value and the failures by reason. */
    public static Map<String, RagSummary> summarize(List<RagItemScores> items) {
        Map<String, List<RagScore>> byName = new LinkedHashMap<>();
        for (RagItemScores item : items) {
            item.scores()
                    .forEach((name, score) ->
                            byName.computeIfAbsent(name, n -> new ArrayList<>()).add(score));
        }
        Map<String, RagSummary> summaries = new LinkedHashMap<>();
        byName.forEach((name, scores) -> summaries.put(name, RagSummary.of(scores)));
        return summaries;
    }
}
