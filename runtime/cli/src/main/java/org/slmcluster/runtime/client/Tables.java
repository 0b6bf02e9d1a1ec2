package org.slmcluster.runtime.client;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for terminals: left-aligned columns two spaces apart, a header row. */
public final class Tables {

    private Tables() {}

    public static String render(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] =
                        Math.max(widths[i], row.get(i) == null ? 0 : row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = i < row.size() && row.get(i) != null ? row.get(i) : "";
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A number with at most {@code decimals} decimals, no trailing zeros beyond one. */
    public static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
