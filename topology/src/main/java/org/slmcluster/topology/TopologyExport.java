package org.slmcluster.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Text exports of an overlay: JSON (nodes, links and figures) and Graphviz DOT. Written by hand because
 * labels are only {@code root} and digits (nothing to escape) and this module stays dependency-free.
 */
public final class TopologyExport {

    private TopologyExport() {}

    /**
     * {@code {"arity":D,"depth":H,"nodes":[{"label":"root","level":0},...],"links":[["0","root"],...],
     * "nodeCount":..,"linkCount":..,"minDegree":..,"maxDegree":..,"diameter":..,"averagePathLength":..,
     * "tree":{"linkCount":..,"diameter":..,"averagePathLength":..}}}; when the path figures are sampled,
     * a {@code "sampledSources":K} field follows {@code averagePathLength}.
     */
    public static String json(Topology topology, TopologyFigures figures) {
        StringBuilder out = new StringBuilder(64 + topology.size() * 32 + topology.linkCount() * 20);
        writeJson(topology, figures, out);
        return out.toString();
    }

    /** {@link #json} streamed, for overlays too large to hold as one string. */
    public static void writeJson(Topology topology, TopologyFigures figures, Appendable target) {
        Out out = new Out(target);
        out.append("{\"arity\":")
                .append(topology.arity())
                .append(",\"depth\":")
                .append(topology.depth())
                .append(",\"nodes\":[");
        for (int i = 0; i < topology.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"label\":\"")
                    .append(topology.label(i))
                    .append("\",\"level\":")
                    .append(topology.levelOfIndex(i))
                    .append('}');
        }
        out.append("],\"links\":[");
        boolean[] first = {true};
        topology.forEachLink((a, b) -> {
            if (!first[0]) {
                out.append(',');
            }
            first[0] = false;
            // Within a pair, plain string order (as in the documented shape ["0","root"]); the list keeps
            // the library's link order.
            boolean swap = a.compareTo(b) > 0;
            out.append("[\"")
                    .append(swap ? b : a)
                    .append("\",\"")
                    .append(swap ? a : b)
                    .append("\"]");
        });
        out.append("],\"nodeCount\":")
                .append(figures.nodeCount())
                .append(",\"linkCount\":")
                .append(figures.linkCount())
                .append(",\"minDegree\":")
                .append(figures.minDegree())
                .append(",\"maxDegree\":")
                .append(figures.maxDegree())
                .append(",\"diameter\":")
                .append(figures.diameter())
                .append(",\"averagePathLength\":")
                .append(figures.averagePathLength());
        if (!figures.exact()) {
            out.append(",\"sampledSources\":").append(figures.sampledSources());
        }
        out.append(",\"tree\":{\"linkCount\":")
                .append(figures.tree().linkCount())
                .append(",\"diameter\":")
                .append(figures.tree().diameter())
                .append(",\"averagePathLength\":")
                .append(figures.tree().averagePathLength())
                .append("}}");
    }

    /**
     * Graphviz DOT, one rank per level: tree links solid, De Bruijn links inside a level dashed (blue),
     * De Bruijn links between levels dotted (red). A link that is both a tree and an inter-level link
     * (constant labels such as 00 -- 0) is drawn as a tree link.
     */
    public static String dot(Topology topology) {
        StringBuilder out = new StringBuilder(128 + topology.size() * 16 + topology.linkCount() * 40);
        writeDot(topology, out);
        return out.toString();
    }

    /** {@link #dot} streamed, for overlays too large to hold as one string. */
    public static void writeDot(Topology topology, Appendable target) {
        Out out = new Out(target);
        out.append(
                String.format(Locale.ROOT, "graph \"tree_debruijn_d%d_h%d\" {%n", topology.arity(), topology.depth()));
        out.append("  node [shape=circle, fontname=\"Helvetica\"];\n");
        int start = 0;
        for (int level = 0; level <= topology.depth(); level++) {
            out.append("  { rank=same;");
            int i = start;
            while (i < topology.size() && topology.levelOfIndex(i) == level) {
                out.append(" \"").append(topology.label(i)).append('"');
                i++;
            }
            start = i;
            out.append(" }\n");
        }
        topology.forEachLink((a, b) -> out.append("  \"")
                .append(a)
                .append("\" -- \"")
                .append(b)
                .append('"')
                .append(style(a, b))
                .append(";\n"));
        out.append("}\n");
    }

    private static String style(String first, String second) {
        String a = first.equals(Labels.ROOT) ? "" : first;
        String b = second.equals(Labels.ROOT) ? "" : second;
        String upper = a.length() <= b.length() ? a : b;
        String lower = a.length() <= b.length() ? b : a;
        if (upper.length() == lower.length()) {
            return " [style=dashed, color=blue]";
        }
        if (lower.startsWith(upper)) {
            return "";
        }
        return " [style=dotted, color=red]";
    }

    /** An Appendable whose IOExceptions are unchecked, so writing reads like StringBuilder code. */
    private record Out(Appendable target) {
        Out append(Object value) {
            try {
                target.append(String.valueOf(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out append(char value) {
            try {
                target.append(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
