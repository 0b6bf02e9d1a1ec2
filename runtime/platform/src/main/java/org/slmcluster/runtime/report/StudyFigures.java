package org.slmcluster.runtime.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * The study's five figures (drawn for the {@code study} and {@code builtin} suites), in the study's order: translation (COMET when the job scored it,
 * else chrF++), summarization (BERTScore F1), NER (the study's formula), classification (accuracy) and RAG
 * (the judge's correct verdict), one bar per model with its 95% interval. A figure whose task or score the
 * job lacks says so instead of being left out.
 */
final class StudyFigures {

    /** The suite name the figures are drawn for. */
    static final String SUITE = "study";

    private record Figure(TaskKind kind, String title, List<String> scores) {}

    private static final List<Figure> FIGURES = List.of(
            new Figure(TaskKind.TRANSLATION, "Translation", List.of(ScoreNames.COMET, ScoreNames.CHRF_PLUS_PLUS)),
            new Figure(TaskKind.SUMMARIZATION, "Summarization", List.of(ScoreNames.BERTSCORE_F1)),
            new Figure(TaskKind.NER, "Named entity recognition", List.of(ScoreNames.NER_SCORE)),
            new Figure(TaskKind.CLASSIFICATION, "Classification", List.of(ScoreNames.ACCURACY)),
            new Figure(TaskKind.RAG, "Retrieval-augmented generation", List.of(ScoreNames.CORRECT)));

    private StudyFigures() {}

    /** The built-in suite: it scores the same five figures (its RAG task's optional judge gives "correct"). */
    static final String BUILTIN = "builtin";

    /**
     * The study and built-in suites, also as the capped copies {@code slm eval --max-tokens N} runs
     * ({@code study-maxN}, {@code builtin-maxN}).
     */
    static boolean drawnFor(String suite) {
        return suite.matches("(" + SUITE + "|" + BUILTIN + ")(-max\\d+)?");
    }

    static void append(StringBuilder html, JobReport report, Function<String, String> colorOfModel) {
        html.append("<section class=\"study-figures\">\n<h2>The study's figures</h2>\n<div class=\"charts\">\n");
        List<String> missing = new ArrayList<>();
        int number = 0;
        for (Figure figure : FIGURES) {
            number++;
            Optional<String> task = report.tasks().stream()
                    .filter(t -> report.viewsOf(t).stream().anyMatch(v -> v.kind() == figure.kind()))
                    .findFirst();
            List<TaskView> views = task.map(report::viewsOf).orElse(List.of());
            Optional<String> score = figure.scores().stream()
                    .filter(s -> views.stream().anyMatch(v -> v.metrics().containsKey(s)))
                    .findFirst();
            if (score.isEmpty()) {
                missing.add("Figure " + number + " (" + figure.title() + "): "
                        + (task.isEmpty()
                                ? "no such task in the job"
                                : "no " + String.join(" / ", figure.scores())
                                        + " scores (judge failures or metric not configured)"));
                continue;
            }
            List<SvgCharts.Bar> bars = new ArrayList<>();
            for (TaskView view : views) {
                MetricSummary summary = view.metrics().get(score.get());
                bars.add(new SvgCharts.Bar(
                        view.model(),
                        summary == null ? Double.NaN : summary.mean(),
                        summary == null ? Double.NaN : summary.ciLow(),
                        summary == null ? Double.NaN : summary.ciHigh(),
                        colorOfModel.apply(view.model())));
            }
            String label = Headline.label(score.get());
            html.append(SvgCharts.bars(
                    "study-figure",
                    "Figure " + number + ": " + figure.title() + ", " + label,
                    label,
                    bars,
                    HtmlReport.axisMax(score.get(), views)));
        }
        html.append("</div>\n");
        for (String line : missing) {
            html.append("<p class=\"note study-missing\">")
                    .append(Html.escape(line))
                    .append("</p>\n");
        }
        html.append("</section>\n");
    }
}
