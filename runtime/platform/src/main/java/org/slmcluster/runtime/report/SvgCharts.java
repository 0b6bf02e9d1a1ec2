package org.slmcluster.runtime.report;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts (no scripts, no external assets): bars with interval whiskers, scatter plots
 * and stacked bars. Every label goes through {@link Html#escape}.
 */
final class SvgCharts {

    static final int WIDTH = 420;
    static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 58;
    /** Label metrics at font-size 10, generous so that estimates never make labels touch. */
    private static final double LABEL_CHAR_WIDTH = 6.0;

    private static final double LABEL_HEIGHT = 12.0;

    /** A bar: value with an optional interval (NaN bounds: no whisker). */
    record Bar(String label, double value, double low, double high, String color) {}

    record Point(String label, double x, double y, String color) {}

    record Segment(String name, double value, String color) {}

    record Stack(String label, List<Segment> segments) {}

    private SvgCharts() {}

    static String bars(String cssClass, String title, String yLabel, List<Bar> bars, double yMax) {
        StringBuilder svg = open(cssClass, title);
        axes(svg, yLabel, yMax, null, 0);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = (double) plotWidth / Math.max(1, bars.size());
        double barWidth = Math.min(60, slot * 0.6);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double center = LEFT + slot * (i + 0.5);
            double top = y(bar.value(), yMax);
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                    center - barWidth / 2,
                    top,
                    barWidth,
                    Math.max(0, y(0, yMax) - top),
                    bar.color(),
                    Html.escape(bar.label()),
                    Html.escape(fmt(bar.value()))));
            if (!Double.isNaN(bar.low()) && !Double.isNaN(bar.high())) {
                double yl = y(bar.low(), yMax);
                double yh = y(bar.high(), yMax);
                svg.append(String.format(
                        Locale.ROOT,
                        "<path class=\"whisker\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"#222\" fill=\"none\"/>%n",
                        center,
                        yl,
                        yh,
                        center - 6,
                        yl,
                        center + 6,
                        center - 6,
                        yh,
                        center + 6));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    center,
                    top - 4 - (Double.isNaN(bar.high()) ? 0 : Math.max(0, top - y(bar.high(), yMax))),
                    Html.escape(fmt(bar.value()))));
            xLabel(svg, center, bar.label());
        }
        return svg.append("</svg>\n").toString();
    }

    static String scatter(String cssClass, String title, String xAxis, String yAxis, List<Point> points, double yMax) {
        StringBuilder svg = open(cssClass, title);
        double xMax = niceMax(points.stream().mapToDouble(Point::x).max().orElse(1) * 1.1);
        axes(svg, yAxis, yMax, xAxis, xMax);
        List<double[]> placed = new java.util.ArrayList<>();
        for (Point point : points) {
            double cx = x(point.x(), xMax);
            double cy = y(point.y(), yMax);
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#222\"><title>%s: (%s, %s)</title></circle>%n",
                    cx,
                    cy,
                    point.color(),
                    Html.escape(point.label()),
                    Html.escape(fmt(point.x())),
                    Html.escape(fmt(point.y()))));
        }
        for (Point point : points) {
            double cx = x(point.x(), xMax);
            double cy = y(point.y(), yMax);
            // labels of points in the right half go to their left, so they stay inside the chart
            boolean right = cx > (LEFT + WIDTH - RIGHT) / 2.0;
            double width = LABEL_CHAR_WIDTH * point.label().length();
            double left = right ? cx - 8 - width : cx + 8;
            double baseline = freeBaseline(placed, left, width, cy - 8);
            placed.add(new double[] {left, left + width, baseline});
            svg.append(String.format(
                    Locale.ROOT,
                    "<text class=\"point-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"%s\">%s</text>%n",
                    right ? cx - 8 : cx + 8,
                    baseline,
                    right ? "end" : "start",
                    Html.escape(point.label())));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * The first baseline at or below {@code wanted}, then above it, where a label of {@code width} starting at
     * {@code left} overlaps none of the labels placed so far (each {@code {left, right, baseline}}), within the
     * plot: two models with close scores get readable labels.
     */
    static double freeBaseline(List<double[]> placed, double left, double width, double wanted) {
        double top = TOP + LABEL_HEIGHT;
        double bottom = HEIGHT - BOTTOM;
        for (int step = 0; step < 40; step++) {
            int rings = (step + 1) / 2; // 0, 1, 1, 2, 2, ...: below, above, further below, ...
            double offset = LABEL_HEIGHT * rings * (step % 2 == 1 ? 1 : -1);
            double candidate = wanted + (step == 0 ? 0 : offset);
            if (candidate < top || candidate > bottom) {
                continue;
            }
            boolean clear = placed.stream()
                    .noneMatch(other -> left < other[1]
                            && other[0] < left + width
                            && Math.abs(other[2] - candidate) < LABEL_HEIGHT);
            if (clear) {
                return candidate;
            }
        }
        return wanted;
    }

    static String stacked(String cssClass, String title, String yLabel, List<Stack> stacks, double yMax) {
        StringBuilder svg = open(cssClass, title);
        axes(svg, yLabel, yMax, null, 0);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = (double) plotWidth / Math.max(1, stacks.size());
        double barWidth = Math.min(60, slot * 0.6);
        for (int i = 0; i < stacks.size(); i++) {
            Stack stack = stacks.get(i);
            double center = LEFT + slot * (i + 0.5);
            double base = 0;
            for (Segment segment : stack.segments()) {
                if (segment.value() <= 0) {
                    continue;
                }
                double top = y(base + segment.value(), yMax);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"segment\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s</title></rect>%n",
                        center - barWidth / 2,
                        top,
                        barWidth,
                        y(base, yMax) - top,
                        segment.color(),
                        Html.escape(stack.label()),
                        Html.escape(segment.name()),
                        Html.escape(fmt(segment.value()))));
                base += segment.value();
            }
            xLabel(svg, center, stack.label());
        }
        return svg.append("</svg>\n").toString();
    }

    /** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
    static double niceMax(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static StringBuilder open(String cssClass, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n",
                Html.escape(cssClass),
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                LEFT - 40,
                Html.escape(title)));
        return svg;
    }

    private static void axes(StringBuilder svg, String yLabel, double yMax, String xLabel, double xMax) {
        int bottom = HEIGHT - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double value = yMax * i / 4;
            double yy = y(value, yMax);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\">%s</text>%n",
                    LEFT,
                    yy,
                    WIDTH - RIGHT,
                    yy,
                    LEFT - 4,
                    yy + 3,
                    Html.escape(fmt(value))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                LEFT,
                bottom,
                WIDTH - RIGHT,
                bottom));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                LEFT,
                TOP,
                LEFT,
                bottom));
        svg.append(String.format(
                Locale.ROOT,
                "<text transform=\"translate(12 %d) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                (TOP + bottom) / 2,
                Html.escape(yLabel)));
        if (xLabel != null) {
            for (int i = 0; i <= 4; i++) {
                double value = xMax * i / 4;
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                        x(value, xMax),
                        bottom + 14,
                        Html.escape(fmt(value))));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    (LEFT + WIDTH - RIGHT) / 2,
                    HEIGHT - 16,
                    Html.escape(xLabel)));
        }
    }

    private static void xLabel(StringBuilder svg, double center, String label) {
        String shown = label.length() > 22 ? label.substring(0, 21) + "\u2026" : label;
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                center,
                HEIGHT - BOTTOM + 14,
                Html.escape(shown)));
    }

    private static double y(double value, double yMax) {
        double clamped = Math.max(0, Math.min(yMax, Double.isNaN(value) ? 0 : value));
        return HEIGHT - BOTTOM - clamped / yMax * (HEIGHT - BOTTOM - TOP);
    }

    private static double x(double value, double xMax) {
        double clamped = Math.max(0, Math.min(xMax, value));
        return LEFT + clamped / xMax * (WIDTH - LEFT - RIGHT - 10);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        return Math.abs(value) >= 10
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
