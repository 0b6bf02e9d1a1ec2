package org.slmcluster.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.classification.ClassDefinition;
import org.slmcluster.evaluators.classification.ClassificationScorer;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.suite.TaskKind;

class LedgerViewsTest {

    @Test
    void summaryHasMeanSampleStandardDeviationAndAReproducibleInterval() {
        double[] values = {0.1, 0.4, 0.4, 0.9, 0.7};
        MetricSummary summary = LedgerViews.summarize("m", values);
        assertThat(summary.count()).isEqualTo(5);
        assertThat(summary.mean()).isCloseTo(0.5, within(1e-12));
        // sum of squared deviations 0.16+0.01+0.01+0.16+0.04 = 0.38, / 4
        assertThat(summary.stdDev()).isCloseTo(Math.sqrt(0.38 / 4), within(1e-12));
        assertThat(summary.ciLow()).isLessThan(summary.mean()).isGreaterThanOrEqualTo(0.1);
        assertThat(summary.ciHigh()).isGreaterThan(summary.mean()).isLessThanOrEqualTo(0.9);
        assertThat(LedgerViews.summarize("m", values)).isEqualTo(summary);
    }

    @Test
    void oneValueHasNoSpread() {
        assertThat(LedgerViews.summarize("m", new double[] {0.3}))
                .isEqualTo(new MetricSummary("m", 1, 0.3, 0, 0.3, 0.3));
    }

    @Property(tries = 50)
    void theIntervalLiesWithinTheValuesAndAroundTheMean(
            @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = 0, max = 1) Double> list) {
        double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
        MetricSummary summary = LedgerViews.summarize("m", values);
        double min = Collections.min(list);
        double max = Collections.max(list);
        assertThat(summary.ciLow()).isBetween(min - 1e-12, summary.mean() + 1e-12);
        assertThat(summary.ciHigh()).isBetween(summary.mean() - 1e-12, max + 1e-12);
    }

    @Test
    void nearestRankPercentiles() {
        double[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(LedgerViews.nearestRank(sorted, 0.5)).isEqualTo(50);
        assertThat(LedgerViews.nearestRank(sorted, 0.95)).isEqualTo(100);
        assertThat(LedgerViews.nearestRank(new double[] {7}, 0.95)).isEqualTo(7);
    }

    @Test
    void taskViewSummarisesLatencySpeedLengthAndAdherence() {
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            items.add(TestItems.item(
                    "m",
                    "t",
                    "i" + i,
                    i / 10.0,
                    i * 100L,
                    i <= 3 ? new AdherenceFlag[] {AdherenceFlag.EXTRA_CONTENT} : new AdherenceFlag[0]));
        }
        Collections.shuffle(items, new java.util.Random(3));
        TaskView view = LedgerViews.taskView("m", "t", items);
        assertThat(view.count()).isEqualTo(10);
        assertThat(view.metric("chrf++").orElseThrow().mean()).isCloseTo(0.55, within(1e-12));
        assertThat(view.latencyP50Millis()).isEqualTo(500.0);
        assertThat(view.latencyP95Millis()).isEqualTo(1000.0);
        assertThat(view.meanOutputTokens()).isEqualTo(20.0);
        assertThat(view.adherence())
                .containsEntry(AdherenceFlag.EXTRA_CONTENT, 0.3)
                .containsEntry(AdherenceFlag.PROMPT_ECHO, 0.0);
        // independent of arrival order
        Collections.shuffle(items, new java.util.Random(4));
        assertThat(LedgerViews.taskView("m", "t", items)).isEqualTo(view);
    }

    @Test
    void classificationCorpusScoresMatchTheEvaluatorsScorer() {
        List<String> classes = List.of("a", "b", "c");
        List<String> gold = List.of("a", "a", "b", "c", "c", "b");
        List<String> predicted = List.of("a", "b", "b", "(none)", "c", "a");
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            Set<AdherenceFlag> flags =
                    predicted.get(i).equals("(none)") ? Set.of(AdherenceFlag.INVALID_LABEL) : Set.of();
            items.add(new ScoredItem(
                    new TaskKey("s", "cls", "x" + i, 1),
                    "m",
                    TaskKind.CLASSIFICATION,
                    "h",
                    predicted.get(i),
                    Map.of("accuracy", gold.get(i).equals(predicted.get(i)) ? 1.0 : 0.0),
                    flags,
                    Map.of("gold", gold.get(i), "predicted", predicted.get(i), "classes", "a,b,c"),
                    1,
                    1,
                    1,
                    1,
                    "stop",
                    "1",
                    1,
                    false,
                    List.of(),
                    0));
        }
        var report = new ClassificationScorer(
                        classes.stream().map(c -> new ClassDefinition(c, c)).toList())
                .score(predicted, gold);
        TaskView view = LedgerViews.taskView("m", "cls", items);
        assertThat(view.corpus().get("accuracy")).isCloseTo(report.accuracy(), within(1e-12));
        assertThat(view.corpus().get("macro-f1")).isCloseTo(report.macroF1(), within(1e-12));
        assertThat(view.corpus().get("invalid-label-rate")).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(view.metric("accuracy").orElseThrow().mean()).isCloseTo(report.accuracy(), within(1e-12));
    }
}
