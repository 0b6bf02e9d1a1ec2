package org.slmcluster.runtime.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slmcluster.runtime.evaluation.ScoreNames;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * The terminal ledger table: one row per model, one column per task with its headline score (the
 * column header names it; classification adds macro-F1), then items, mean tokens per second and median
 * latency over all the model's items of the job.
 */
public final class LedgerTable {

    private LedgerTable() {}

    public static String render(JobReport report) {
        List<String> header = new ArrayList<>();
        header.add("model");
        for (String task : report.tasks()) {
            Optional<String> metric = Headline.nameOf(report.viewsOf(task));
            header.add(task + metric.map(m -> " " + Headline.label(m)).orElse(""));
        }
        header.add("items");
        header.add("tok/s");
        header.add("p50 ms");
        List<List<String>> rows = new ArrayList<>();
        for (String model : report.models()) {
            List<String> row = new ArrayList<>();
            row.add(model);
            for (String task : report.tasks()) {
                row.add(report.view(model, task).map(LedgerTable::cell).orElse("-"));
            }
            JobReport.ModelSummary summary = report.summaries().get(model);
            row.add(Integer.toString(summary.items()));
            row.add(String.format(Locale.ROOT, "%.1f", summary.meanTokensPerSecond()));
            row.add(String.format(Locale.ROOT, "%.0f", summary.latencyP50Millis()));
            rows.add(row);
        }
        return layout(header, rows);
    }

    static String cell(TaskView view) {
        String main = Headline.of(view)
                .map(s -> Headline.format(s.metric(), s.mean()))
                .orElse("n/a");
        if (view.kind() == TaskKind.CLASSIFICATION && view.corpus().containsKey(ScoreNames.MACRO_F1)) {
            main += String.format(Locale.ROOT, " (F1 %.3f)", view.corpus().get(ScoreNames.MACRO_F1));
        }
        return main;
    }

    private static String layout(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            // names left-aligned, numbers right-aligned
            out.append(i == 0 ? cell + padding : padding + cell);
            out.append(i == cells.size() - 1 ? "\n" : "  ");
        }
    }
}
