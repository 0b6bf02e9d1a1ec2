package org.slmcluster.evaluators.rag;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.rag.RagScore.Reason;

/**
 * The judge-based RAG metrics of RAGAS: faithfulness, answer relevancy, context precision, context
 * recall and answer correctness. Each call scores one item and returns a {@link RagScore}: a value,
 * or a failure naming why (the judge kept answering malformed JSON, the metric is undefined for the
 * item, the item lacks inputs). Judge use is counted in {@link #stats()}. Thread-safe if the judge
 * and the encoder are.
 */
public final class RagasMetrics {

    private final JudgeCalls judge;
    private final SentenceEncoder embeddings;
    private final RagasOptions options;
    private final JudgeStats stats = new JudgeStats();

    /**
     * @param embeddings sentence embeddings for answer relevancy and the similarity part of answer
     *     correctness; may be null when neither is used
     */
    public RagasMetrics(Judge judge, SentenceEncoder embeddings, RagasOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.judge = new JudgeCalls(Objects.requireNonNull(judge, "judge"), options.maxAttempts(), stats);
        this.embeddings = embeddings;
    }

    public JudgeStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Supported statements / statements of the answer, judged against the contexts joined by newlines. */
    public RagScore faithfulness(String question, String answer, List<String> contexts) {
        if (blank(answer) || contexts == null || contexts.isEmpty()) {
            return RagScore.failure(Reason.BAD_INPUT, "faithfulness needs an answer and at least one context");
        }
        try {
            List<String> statements = statements(question, answer);
            if (statements.isEmpty()) {
                return RagScore.failure(Reason.UNDEFINED, "the judge found no statements in the answer");
            }
            List<Boolean> supported = judge.ask(
                    RagasPrompts.faithfulnessVerdicts(String.join("\n", contexts), statements),
                    json -> verdicts(json, "statements", "verdict", statements.size()));
            return RagScore.of(RagasFormulas.faithfulness(supported));
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
    }

    /**
     * Mean cosine between the question and {@code strictness} questions the judge generates from the
     * answer; 0 for a noncommittal answer (see {@link RagasOptions.NoncommittalRule}).
     */
    public RagScore answerRelevancy(String question, String answer) {
        if (blank(question) || blank(answer)) {
            return RagScore.failure(Reason.BAD_INPUT, "answer relevancy needs a question and an answer");
        }
        requireEmbeddings("answer relevancy");
        List<String> generated = new ArrayList<>();
        List<Boolean> noncommittal = new ArrayList<>();
        try {
            for (int i = 0; i < options.strictness(); i++) {
                JsonNode json = judge.ask(RagasPrompts.questionForAnswer(answer), node -> {
                    VerdictJson.string(node, "question");
                    VerdictJson.binary(node, "noncommittal");
                    return node;
                });
                String q = json.get("question").asText();
                if (!q.isBlank()) {
                    generated.add(q);
                    noncommittal.add(VerdictJson.binary(json, "noncommittal"));
                }
            }
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
        if (generated.isEmpty()) {
            return RagScore.failure(Reason.UNDEFINED, "the judge generated only empty questions");
        }
        float[] original = embeddings.embed(question);
        List<float[]> vectors = embeddings.embed(generated);
        double[] cosines = new double[vectors.size()];
        for (int i = 0; i < cosines.length; i++) {
            cosines[i] = SentenceEncoder.cosine(vectors.get(i), original);
        }
        boolean zero = options.noncommittal() == RagasOptions.NoncommittalRule.ANY
                ? noncommittal.contains(true)
                : !noncommittal.contains(false);
        return RagScore.of(RagasFormulas.answerRelevancy(cosines, zero));
    }

    /** RAGAS's average precision of the contexts' ranking, each judged useful for the reference answer. */
    public RagScore contextPrecision(String question, List<String> contexts, String reference) {
        if (blank(reference) || contexts == null || contexts.isEmpty()) {
            return RagScore.failure(Reason.BAD_INPUT, "context precision needs a reference and at least one context");
        }
        List<Boolean> useful = new ArrayList<>();
        try {
            for (String context : contexts) {
                useful.add(judge.ask(
                        RagasPrompts.contextUseful(question, context, reference),
                        json -> VerdictJson.binary(json, "verdict")));
            }
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
        return RagScore.of(RagasFormulas.averagePrecision(useful));
    }

    /** Reference statements attributable to the contexts / reference statements. */
    public RagScore contextRecall(String question, List<String> contexts, String reference) {
        if (blank(reference) || contexts == null || contexts.isEmpty()) {
            return RagScore.failure(Reason.BAD_INPUT, "context recall needs a reference and at least one context");
        }
        List<Boolean> attributed;
        try {
            attributed = judge.ask(
                    RagasPrompts.referenceAttribution(question, String.join("\n", contexts), reference),
                    json -> verdicts(json, "classifications", "attributed", -1));
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
        if (attributed.isEmpty()) {
            return RagScore.failure(Reason.UNDEFINED, "the judge found no statements in the reference");
        }
        return RagScore.of(RagasFormulas.contextRecall(attributed));
    }

    /**
     * Weighted mean of the statement F-score (TP / FP / FN between answer and reference statements)
     * and the cosine similarity of their sentence embeddings. As RAGAS, the F-score is 1 when the
     * judge finds no statements on one side.
     */
    public RagScore answerCorrectness(String question, String answer, String reference) {
        if (blank(answer) || blank(reference)) {
            return RagScore.failure(Reason.BAD_INPUT, "answer correctness needs an answer and a reference");
        }
        double factuality;
        try {
            List<String> answerStatements = statements(question, answer);
            List<String> referenceStatements = statements(question, reference);
            if (answerStatements.isEmpty() || referenceStatements.isEmpty()) {
                factuality = 1.0;
            } else {
                int[] counts = judge.ask(
                        RagasPrompts.correctnessClassification(question, answerStatements, referenceStatements),
                        json -> new int[] {
                            statementList(json, "TP"), statementList(json, "FP"), statementList(json, "FN")
                        });
                factuality = RagasFormulas.factuality(counts[0], counts[1], counts[2], options.beta());
            }
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
        double similarity = 0.0;
        if (options.similarityWeight() > 0) {
            requireEmbeddings("answer correctness");
            similarity = JudgeFreeRagMetrics.answerSimilarity(embeddings, answer, reference);
        }
        return RagScore.of(RagasFormulas.answerCorrectness(
                factuality, similarity, options.factualityWeight(), options.similarityWeight()));
    }

    /**
     * The study's RAG verdict: 1 when the judge finds the answer correct against the reference answer, 0
     * when not. A judge that never gives a strict {@code {"reason": ..., "correct": 0|1}} is a failure,
     * never a 0.
     */
    public RagScore correct(String question, String answer, String reference) {
        if (blank(answer) || blank(reference)) {
            return RagScore.failure(Reason.BAD_INPUT, "correct needs an answer and a reference");
        }
        try {
            boolean correct = judge.ask(
                    RagasPrompts.correctVerdict(question == null ? "" : question, answer, reference), json -> {
                        VerdictJson.string(json, "reason");
                        return VerdictJson.binary(json, "correct");
                    });
            return RagScore.of(correct ? 1.0 : 0.0);
        } catch (JudgeCalls.GaveUp e) {
            return judgeFailed(e);
        }
    }

    private List<String> statements(String question, String text) throws JudgeCalls.GaveUp {
        return judge.ask(RagasPrompts.statements(question == null ? "" : question, text), json -> {
            List<String> out = new ArrayList<>();
            for (String s : VerdictJson.strings(json, "statements")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return out;
        });
    }

    private static List<Boolean> verdicts(JsonNode json, String listField, String verdictField, int expected) {
        List<Boolean> out = new ArrayList<>();
        for (JsonNode item : VerdictJson.array(json, listField)) {
            if (!item.isObject()) {
                throw new MalformedVerdictException("\"" + listField + "\" must hold objects");
            }
            out.add(VerdictJson.binary(item, verdictField));
        }
        if (expected >= 0 && out.size() != expected) {
            throw new MalformedVerdictException(
                    "expected " + expected + " verdicts, one per statement, got " + out.size());
        }
        return out;
    }

    private static int statementList(JsonNode json, String field) {
        List<JsonNode> items = VerdictJson.array(json, field);
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw new MalformedVerdictException("\"" + field + "\" must hold {statement, reason} objects");
            }
            VerdictJson.string(item, "statement");
        }
        return items.size();
    }

    private RagScore judgeFailed(JudgeCalls.GaveUp e) {
        stats.failedItem();
        return RagScore.failure(Reason.JUDGE_FAILED, e.getMessage());
    }

    private void requireEmbeddings(String metric) {
        if (embeddings == null) {
            throw new IllegalStateException(metric + " needs sentence embeddings: give RagasMetrics an encoder");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
