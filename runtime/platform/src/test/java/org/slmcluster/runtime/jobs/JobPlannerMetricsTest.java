package org.slmcluster.runtime.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.evaluation.MetricUnavailableException;
import org.slmcluster.runtime.evaluation.SmokeSuite;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLoader;

/** A job whose suite asks for a metric this manager cannot compute is refused before any work. */
class JobPlannerMetricsTest {

    private static Suite builtin() throws Exception {
        return SuiteLoader.load(SmokeSuite.directory().resolveSibling("builtin"));
    }

    @Test
    void aSuiteAskingForBertScoreIsRefusedWithoutAnEncoder() throws Exception {
        JobPlanner planner = new JobPlanner(
                Map.of(),
                (task, item) -> {
                    throw new AssertionError("nothing is retrieved for a refused job");
                },
                EvaluationOptions.lexical());
        assertThatThrownBy(() -> planner.plan(builtin(), List.of(), List.of()))
                .isInstanceOf(MetricUnavailableException.class)
                .hasMessageStartingWith("task summarization: metric bertscore cannot be computed: no encoder");
    }

    @Test
    void skippedEncoderMetricsPlanTheSameSuite() throws Exception {
        JobPlanner planner =
                new JobPlanner(Map.of(), (task, item) -> List.of(), EvaluationOptions.skippingEncoderMetrics());
        assertThat(planner.plan(builtin(), List.of(), List.of()).suite().name()).isEqualTo("builtin");
    }
}
