package org.slmcluster.runtime.suite;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metric names a task may list, with the task kinds each one applies to. The evaluation engine maps
 * them to the scorers in {@code evaluators}; the suite only checks that a name exists and fits its task.
 * The judged RAGAS metrics are not here: a RAG task names them in its judge setting ({@link RagJudgeDefinition}).
 */
// the collections are unmodifiable copies (Set.copyOf / List.copyOf); Error Prone only trusts Guava types
@SuppressWarnings("ImmutableEnumChecker")
public enum Metric {
    BLEU("bleu", true, TaskKind.TRANSLATION, TaskKind.GENERATION),
    CHRF("chrf", true, TaskKind.TRANSLATION, TaskKind.GENERATION),
    CHRF_PLUS_PLUS("chrf++", true, TaskKind.TRANSLATION, TaskKind.GENERATION),
    TER("ter", true, TaskKind.TRANSLATION),
    /** A COMET regression metric (wmt22-comet-da's architecture) from the coordinator's COMET model. */
    COMET("comet", true, TaskKind.TRANSLATION),
    BERTSCORE("bertscore", true, TaskKind.TRANSLATION, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    /** ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum together. */
    ROUGE("rouge", true, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    ROUGE_1("rouge1", true, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    ROUGE_2("rouge2", true, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    ROUGE_L("rougeL", true, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    ROUGE_LSUM("rougeLsum", true, TaskKind.SUMMARIZATION, TaskKind.GENERATION),
    /** The source study's NER formula. */
    NER_SCORE("ner-score", true, TaskKind.NER),
    ENTITY_F1("entity-f1", true, TaskKind.NER),
    ACCURACY("accuracy", true, TaskKind.CLASSIFICATION),
    MACRO_F1("macro-f1", true, TaskKind.CLASSIFICATION),
    /** Share of answers that name no defined class (an adherence failure, lower is better). */
    INVALID_LABEL_RATE("invalid-label-rate", true, TaskKind.CLASSIFICATION),
    EXACT_MATCH("exact-match", true, TaskKind.RAG),
    TOKEN_F1("token-f1", true, TaskKind.RAG),
    EMBEDDING_SIMILARITY("embedding-similarity", true, TaskKind.RAG),
    CONTEXT_PRECISION("context-precision", true, TaskKind.RAG),
    CONTEXT_RECALL("context-recall", true, TaskKind.RAG);

    private final String configName;
    private final boolean needsReference;
    private final Set<TaskKind> kinds;

    Metric(String configName, boolean needsReference, TaskKind first, TaskKind... more) {
        this.configName = configName;
        this.needsReference = needsReference;
        this.kinds = Set.copyOf(EnumSet.of(first, more));
    }

    public String configName() {
        return configName;
    }

    /** Whether every item must carry a reference (only matters for generation, where it is optional). */
    public boolean needsReference() {
        return needsReference;
    }

    public boolean appliesTo(TaskKind kind) {
        return kinds.contains(kind);
    }

    public static Optional<Metric> fromConfigName(String name) {
        return Arrays.stream(values())
                .filter(metric -> metric.configName.equals(name))
                .findFirst();
    }

    /** Metrics used when a task lists none. */
    public static List<Metric> defaultsFor(TaskKind kind) {
        return switch (kind) {
            case TRANSLATION -> List.of(CHRF_PLUS_PLUS, BLEU);
            case SUMMARIZATION -> List.of(ROUGE, BERTSCORE);
            case NER -> List.of(NER_SCORE, ENTITY_F1);
            case CLASSIFICATION -> List.of(ACCURACY, MACRO_F1, INVALID_LABEL_RATE);
            case RAG -> List.of(EXACT_MATCH, TOKEN_F1, EMBEDDING_SIMILARITY, CONTEXT_PRECISION, CONTEXT_RECALL);
            case GENERATION -> List.of();
        };
    }

    public static List<String> namesFor(TaskKind kind) {
        return Arrays.stream(values())
                .filter(metric -> metric.appliesTo(kind))
                .map(Metric::configName)
                .toList();
    }
}
