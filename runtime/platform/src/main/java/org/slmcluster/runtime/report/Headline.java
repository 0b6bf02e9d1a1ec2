package org.slmcluster.runtime.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * The one score a table cell and a bar chart show for a task: translation chrF++, summarization BERTScore
 * F1 when computed (else ROUGE-L), NER the source study's score, classification accuracy, RAG token F1,
 * free generation the first reference metric it has.
 */
public final class Headline {

    private static final Map<TaskKind, List<String>> PREFERENCE = Map.of(
            TaskKind.TRANSLATION,
                    List.of(ScoreNames.COMET, ScoreNames.CHRF_PLUS_PLUS, ScoreNames.CHRF, ScoreNames.BLEU),
            TaskKind.SUMMARIZATION,
                    List.of(ScoreNames.BERTSCORE_F1, ScoreNames.ROUGE_L, ScoreNames.ROUGE_LSUM, ScoreNames.ROUGE_1),
            TaskKind.NER, List.of(ScoreNames.NER_SCORE, ScoreNames.ENTITY_F1),
            TaskKind.CLASSIFICATION, List.of(ScoreNames.ACCURACY),
            TaskKind.RAG, List.of(ScoreNames.CORRECT, ScoreNames.TOKEN_F1, ScoreNames.EXACT_MATCH),
            TaskKind.GENERATION,
                    List.of(
                            ScoreNames.CHRF_PLUS_PLUS,
                            ScoreNames.CHRF,
                            ScoreNames.BLEU,
                            ScoreNames.ROUGE_L,
                            ScoreNames.BERTSCORE_F1));

    private Headline() {}

    /** The headline score of a view: the first preferred score it holds; empty when it has none. */
    public static Optional<MetricSummary> of(TaskView view) {
        for (String name : PREFERENCE.get(view.kind())) {
            MetricSummary summary = view.metrics().get(name);
            if (summary != null && summary.count() > 0) {
                return Optional.of(summary);
            }
        }
        return Optional.empty();
    }

    /** The headline score's name for a task, from the views of its models (they share one kind and metrics). */
    public static Optional<String> nameOf(List<TaskView> viewsOfTask) {
        return viewsOfTask.stream()
                .map(Headline::of)
                .flatMap(Optional::stream)
                .map(MetricSummary::metric)
                .findFirst();
    }

    /** Scores on a 0-100 scale (sacreBLEU's convention); everything else is in [0, 1]. */
    public static boolean percentScale(String metric) {
        return metric.equals(ScoreNames.BLEU)
                || metric.equals(ScoreNames.CHRF)
                || metric.equals(ScoreNames.CHRF_PLUS_PLUS)
                || metric.equals(ScoreNames.TER);
    }

    /** Display name: chrF++, BLEU, ROUGE-L, ... */
    public static String label(String metric) {
        return switch (metric) {
            case ScoreNames.CHRF_PLUS_PLUS -> "chrF++";
            case ScoreNames.CHRF -> "chrF";
            case ScoreNames.BLEU -> "BLEU";
            case ScoreNames.TER -> "TER";
            case ScoreNames.ROUGE_1 -> "ROUGE-1";
            case ScoreNames.ROUGE_2 -> "ROUGE-2";
            case ScoreNames.ROUGE_L -> "ROUGE-L";
            case ScoreNames.ROUGE_LSUM -> "ROUGE-Lsum";
            case ScoreNames.BERTSCORE_F1 -> "BERTScore F1";
            case ScoreNames.NER_SCORE -> "NER score";
            case ScoreNames.ENTITY_F1 -> "entity F1";
            case ScoreNames.ACCURACY -> "accuracy";
            case ScoreNames.MACRO_F1 -> "macro-F1";
            case ScoreNames.TOKEN_F1 -> "token F1";
            case ScoreNames.EXACT_MATCH -> "exact match";
            case ScoreNames.COMET -> "COMET";
            case ScoreNames.CORRECT -> "judged correct";
            default -> metric;
        };
    }

    /** A score as the table prints it: 0-100 scores with one decimal, the others with three. */
    public static String format(String metric, double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return percentScale(metric)
                ? String.format(java.util.Locale.ROOT, "%.1f", value)
                : String.format(java.util.Locale.ROOT, "%.3f", value);
    }
}
