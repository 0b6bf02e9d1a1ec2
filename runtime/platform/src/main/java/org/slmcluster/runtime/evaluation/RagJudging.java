package org.slmcluster.runtime.evaluation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.rag.Judge;
import org.slmcluster.evaluators.rag.RagScore;
import org.slmcluster.evaluators.rag.RagasMetrics;
import org.slmcluster.evaluators.rag.RagasOptions;
import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.rag.answer.Citations;
import org.slmcluster.runtime.rag.judge.ClusterJudge;
import org.slmcluster.runtime.rag.judge.JudgeSettings;
import org.slmcluster.runtime.suite.RagChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.RagJudgeDefinition;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Adds a RAG task's judged metrics to an item's judge-free {@link Evaluation}. A metric with a
 * value becomes the score {@code ragas-<metric>} (the study's verdict: {@code correct}); a metric without one (the judge kept failing, or the
 * metric is undefined for the item) is no score at all, so ledger means leave it out, and its reason is
 * kept in the details as {@code judge-failure.<metric>} with the count in {@code judge-failures}.
 */
public final class RagJudging {

    public static final String FAILURES = "judge-failures";
    public static final String FAILURE_PREFIX = "judge-failure.";

    private final RagJudgeDefinition definition;
    private final RagasMetrics ragas;

    /** @param encoder sentence embeddings, needed only by answer relevancy and answer correctness (may be null) */
    public RagJudging(RagJudgeDefinition definition, Judge judge, SentenceEncoder encoder) {
        this.definition = Objects.requireNonNull(definition, "definition");
        if (encoder == null && definition.metrics().stream().anyMatch(RagJudgeDefinition.NEED_ENCODER::contains)) {
            throw new IllegalArgumentException("judge metrics " + RagJudgeDefinition.NEED_ENCODER
                    + " need a sentence encoder (start the job manager with embedding metrics)");
        }
        this.ragas = new RagasMetrics(judge, encoder, RagasOptions.defaults().withMaxAttempts(definition.attempts()));
    }

    /** The judge metrics whose verdict failed for an item, from its details (none for an unjudged item). */
    public static List<String> failedMetrics(Map<String, String> details) {
        return details.keySet().stream()
                .filter(key -> key.startsWith(FAILURE_PREFIX))
                .map(key -> key.substring(FAILURE_PREFIX.length()))
                .sorted()
                .toList();
    }

    /** Adds one item's failed verdicts to {@code totals} (model -> judge metric -> count, metrics in name order). */
    public static void countFailures(
            Map<String, Map<String, Integer>> totals, String model, Map<String, String> details) {
        for (String metric : failedMetrics(details)) {
            totals.computeIfAbsent(model, m -> new java.util.TreeMap<>()).merge(metric, 1, Integer::sum);
        }
    }

    /**
     * Judges through the cluster: each verdict is a task for the definition's judge model on {@code backend},
     * asked with the definition's max-tokens and temperature, each call within {@code timeout}.
     */
    public static RagJudging throughCluster(
            RagJudgeDefinition definition, GenerationBackend backend, Duration timeout, SentenceEncoder encoder) {
        return new RagJudging(
                definition, new ClusterJudge(backend, definition.model(), settings(definition, timeout)), encoder);
    }

    /** The judge calls' settings: the definition's token budget and temperature, the default seed, chat. */
    public static JudgeSettings settings(RagJudgeDefinition definition, Duration timeout) {
        return JudgeSettings.defaults()
                .withMaxTokens(definition.maxTokens())
                .withTemperature(definition.temperature())
                .withTimeout(timeout);
    }

    /**
     * @param retrievedIds the chunks put into the prompt, in rank order; their texts are the contexts judged
     * @param base         the judge-free evaluation of the same answer
     */
    public Evaluation judge(
            TaskDefinition task, RagItem item, List<String> retrievedIds, String answer, Evaluation base) {
        Map<String, RagChunk> chunks = task.ragCollection().map(c -> c.byId()).orElse(Map.of());
        List<String> contexts = retrievedIds.stream()
                .filter(chunks::containsKey)
                .map(id -> chunks.get(id).text())
                .toList();
        String text = Citations.withoutSources(answer == null ? "" : answer);
        Map<String, Double> scores = new HashMap<>(base.scores());
        Map<String, String> details = new HashMap<>(base.details());
        int failures = 0;
        for (String metric : definition.metrics()) {
            RagScore score = switch (metric) {
                case "faithfulness" -> ragas.faithfulness(item.question(), text, contexts);
                case "answer-relevancy" -> ragas.answerRelevancy(item.question(), text);
                case "context-precision" -> ragas.contextPrecision(item.question(), contexts, item.answer());
                case "context-recall" -> ragas.contextRecall(item.question(), contexts, item.answer());
                case "answer-correctness" -> ragas.answerCorrectness(item.question(), text, item.answer());
                case RagJudgeDefinition.CORRECT -> ragas.correct(item.question(), text, item.answer());
                default -> throw new IllegalArgumentException("unknown judge metric " + metric);
            };
            if (score instanceof RagScore.Value value) {
                scores.put(ScoreNames.judged(metric), value.value());
            } else if (score instanceof RagScore.Failure failure) {
                failures++;
                details.put(FAILURE_PREFIX + metric, failure.reason() + ": " + failure.message());
            }
        }
        details.put(FAILURES, Integer.toString(failures));
        return new Evaluation(scores, base.flags(), details);
    }
}
