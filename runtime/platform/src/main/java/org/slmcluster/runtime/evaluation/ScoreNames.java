package org.slmcluster.runtime.evaluation;

import java.util.Optional;
import org.slmcluster.runtime.suite.TaskKind;

/** Names of the per-item scores the evaluator writes, and the main score of each task kind for tables. */
public final class ScoreNames {

    public static final String CHRF_PLUS_PLUS = "chrf++";
    public static final String CHRF = "chrf";
    public static final String BLEU = "bleu";
    public static final String TER = "ter";
    public static final String BERTSCORE_F1 = "bertscore-f1";
    /** The COMET segment score (its mean over a task is COMET's system score). */
    public static final String COMET = "comet";

    public static final String ROUGE_1 = "rouge1";
    public static final String ROUGE_2 = "rouge2";
    public static final String ROUGE_L = "rougeL";
    public static final String ROUGE_LSUM = "rougeLsum";
    /** The source study's NER formula (rFinal: rBase halved when the answer holds extra content). */
    public static final String NER_SCORE = "ner-score";
    /** rBase of the study's formula, before the extra-content penalty. */
    public static final String NER_BASE = "ner-base";
    /** F1 of exactly matching (text, type) entities of this answer. */
    public static final String ENTITY_F1 = "entity-f1";
    /** 1 when the answer names the gold class, else 0; its mean is accuracy. */
    public static final String ACCURACY = "accuracy";

    public static final String EXACT_MATCH = "exact-match";
    public static final String TOKEN_F1 = "token-f1";
    public static final String EMBEDDING_SIMILARITY = "embedding-similarity";
    public static final String CONTEXT_PRECISION = "context-precision";
    public static final String CONTEXT_RECALL = "context-recall";
    /** Prefix of the judged RAGAS metrics of a RAG task with a judge ({@code ragas-faithfulness}...). */
    public static final String RAGAS_PREFIX = "ragas-";
    /** Corpus-level scores computed by views (not per item). */
    public static final String MACRO_F1 = "macro-f1";

    public static final String INVALID_LABEL_RATE = "invalid-label-rate";

    private ScoreNames() {}

    /** The study's judged RAG verdict per item: 1 correct, 0 not; its mean is the share judged correct. */
    public static final String CORRECT = "correct";

    /** The score name of a judge metric: {@value #CORRECT} for the study's verdict, else {@link #ragas}. */
    public static String judged(String metric) {
        return metric.equals(CORRECT) ? CORRECT : ragas(metric);
    }

    /** The score name of a judged RAGAS metric, e.g. {@code ragas-context-recall}. */
    public static String ragas(String metric) {
        return RAGAS_PREFIX + metric;
    }

    /** The score a one-number table shows for a task kind (empty for generation without references). */
    public static Optional<String> main(TaskKind kind) {
        return switch (kind) {
            case TRANSLATION -> Optional.of(CHRF_PLUS_PLUS);
            case SUMMARIZATION -> Optional.of(ROUGE_L);
            case NER -> Optional.of(NER_SCORE);
            case CLASSIFICATION -> Optional.of(ACCURACY);
            case RAG -> Optional.of(TOKEN_F1);
            case GENERATION -> Optional.empty();
        };
    }
}
