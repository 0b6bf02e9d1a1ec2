package org.slmcluster.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The text {@code slm report --compare} prints for a {@link org.slmcluster.runtime.ledger.RunComparison}: one
 * row per task and metric (items, A, B, B - A, 95% interval, {@code *} where the interval excludes 0), then the
 * items that changed most with both answers on their own lines.
 */
public final class ComparisonTable {

    private ComparisonTable() {}

    public static String render(JsonNode comparison) {
        StringBuilder out = new StringBuilder();
        out.append("A = ")
                .append(comparison.path("a").asText())
                .append(" (weights ")
                .append(shortVersion(comparison.path("a_version").asText()))
                .append(")\nB = ")
                .append(comparison.path("b").asText())
                .append(" (weights ")
                .append(shortVersion(comparison.path("b_version").asText()))
                .append(")\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%-16s %-18s %5s %10s %10s %10s  %-23s%n",
                "task",
                "metric",
                "items",
                "A",
                "B",
                "B - A",
                "95% interval"));
        for (JsonNode c : comparison.path("comparisons")) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-16s %-18s %5d %10.4f %10.4f %+10.4f  [%+.4f, %+.4f]%s%n",
                    c.path("task").asText(),
                    c.path("metric").asText(),
                    c.path("shared").asInt(),
                    c.path("a_mean").asDouble(),
                    c.path("b_mean").asDouble(),
                    c.path("difference").asDouble(),
                    c.path("ci_low").asDouble(),
                    c.path("ci_high").asDouble(),
                    c.path("significant").asBoolean() ? " *" : ""));
        }
        if (comparison.path("comparisons").isEmpty()) {
            out.append("(no task and metric with at least two items scored in both runs)\n");
        }
        out.append("* ").append(comparison.path("test").asText()).append('\n');
        JsonNode changed = comparison.path("changed_items");
        out.append('\n').append(changed.isEmpty() ? "no item's score changed" : "items that changed most:");
        out.append('\n');
        for (JsonNode item : changed) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %s  %s: %.4f -> %.4f (%+.4f)%n    A: %s%n    B: %s%n",
                    item.path("item").asText(),
                    item.path("metric").asText(),
                    item.path("a_score").asDouble(),
                    item.path("b_score").asDouble(),
                    item.path("difference").asDouble(),
                    oneLine(item.path("a_answer").asText()),
                    oneLine(item.path("b_answer").asText())));
        }
        return out.toString();
    }

    private static String shortVersion(String version) {
        return version.isEmpty() ? "unknown" : version.substring(0, Math.min(12, version.length()));
    }

    private static String oneLine(String answer) {
        String flat = answer.replace("\r", "").replace("\n", " \u21b5 ");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
