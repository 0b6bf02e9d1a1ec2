package org.slmcluster.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

    private static final Pattern LABEL =
            Pattern.compile("<text class=\"point-label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\"[^>]*>([^<]*)</text>");

    @Test
    void labelsOfPointsCloseTogetherDoNotOverlap() {
        List<SvgCharts.Point> points = List.of(
                new SvgCharts.Point("stories260k", 10.0, 0.51, "#1f77b4"),
                new SvgCharts.Point("llama-2-tiny-random", 10.2, 0.50, "#ff7f0e"),
                new SvgCharts.Point("qwen2.5-0.5b-q8", 10.1, 0.505, "#2ca02c"),
                new SvgCharts.Point("far-away", 90.0, 0.1, "#d62728"));
        String svg = SvgCharts.scatter("score-speed", "t", "tokens/s", "score", points, 1.0);

        List<double[]> baselines = new ArrayList<>();
        Matcher m = LABEL.matcher(svg);
        while (m.find()) {
            baselines.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        assertThat(baselines).hasSize(4);
        // the three close points' labels start near the same x: their baselines must be a line apart
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertThat(Math.abs(baselines.get(i)[1] - baselines.get(j)[1]))
                        .as("labels %d and %d", i, j)
                        .isGreaterThanOrEqualTo(12.0);
            }
        }
    }

    @Test
    void aLonePointKeepsItsLabelJustAboveIt() {
        List<double[]> placed = new ArrayList<>();
        assertThat(SvgCharts.freeBaseline(placed, 100, 60, 120)).isEqualTo(120);
        placed.add(new double[] {100, 160, 120});
        assertThat(SvgCharts.freeBaseline(placed, 300, 60, 120))
                .as("no horizontal overlap")
                .isEqualTo(120);
        assertThat(SvgCharts.freeBaseline(placed, 130, 60, 120)).isIn(108.0, 132.0);
    }
}
