package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.worker.WorkerStatus;

class ApiMetricsTest {

    static TaskResult.Completed completed(String node, List<String> trace, int outputTokens) {
        return new TaskResult.Completed(
                "t", "m", new GenerationResult("text", 3, outputTokens, 1_000_000, "stop"), node, trace, List.of(), 1);
    }

    @Test
    void histogramBucketsAreCumulativeAndCountsAddUp() {
        ApiMetrics metrics = new ApiMetrics();
        metrics.completed(completed("11", List.of("root", "1", "11"), 5), 30_000_000L); // 0.03 s, 2 hops
        metrics.completed(completed("11", List.of("root", "1", "11"), 7), 2_000_000_000L); // 2 s, 2 hops
        String text = metrics.render(null);
        assertThat(text).contains("slm_tasks_total{model=\"m\",node=\"11\"} 2\n");
        assertThat(text).contains("slm_task_latency_seconds_bucket{model=\"m\",node=\"11\",le=\"0.025\"} 0\n");
        assertThat(text).contains("slm_task_latency_seconds_bucket{model=\"m\",node=\"11\",le=\"0.05\"} 1\n");
        assertThat(text).contains("slm_task_latency_seconds_bucket{model=\"m\",node=\"11\",le=\"2.5\"} 2\n");
        assertThat(text).contains("slm_task_latency_seconds_bucket{model=\"m\",node=\"11\",le=\"+Inf\"} 2\n");
        assertThat(text).contains("slm_task_latency_seconds_count{model=\"m\",node=\"11\"} 2\n");
        assertThat(text).contains("slm_task_latency_seconds_sum{model=\"m\",node=\"11\"} 2.03\n");
        assertThat(text).contains("slm_task_hops_bucket{model=\"m\",node=\"11\",le=\"1\"} 0\n");
        assertThat(text).contains("slm_task_hops_bucket{model=\"m\",node=\"11\",le=\"2\"} 2\n");
        assertThat(text).contains("slm_generated_tokens_total{model=\"m\",node=\"11\"} 12\n");
        assertThat(text).contains("slm_cluster_status_available 0\n");
    }

    @Test
    void failuresAreCountedByKindAndClusterGaugesComeFromTheStatus() {
        ApiMetrics metrics = new ApiMetrics();
        metrics.failed("m", FailureKind.OVERLOADED);
        metrics.failed("m", FailureKind.OVERLOADED);
        ClusterStatus status = new ClusterStatus(
                "root",
                2,
                1,
                List.of(
                        new ClusterStatus.Member("root", "pekko://slm@h:1", "Up", true, List.of(), 0),
                        new ClusterStatus.Member("1", "pekko://slm@h:2", "Up", false, List.of("m"), 3),
                        new ClusterStatus.Member("0", "pekko://slm@h:3", "Leaving", true, List.of(), 0)),
                List.of(new WorkerStatus("1", "m", "READY", 2, 1, 16, 1, 10, 1, 4, 0, 30, 100, 2000, null, null)),
                3,
                new ClusterStatus.Counters(20, 15, 2, 4));
        String text = metrics.render(status);
        assertThat(text).contains("slm_task_errors_total{model=\"m\",kind=\"overloaded\"} 2\n");
        assertThat(text).contains("slm_cluster_members{status=\"Leaving\"} 1\n");
        assertThat(text).contains("slm_cluster_members{status=\"Up\"} 2\n");
        assertThat(text).contains("slm_cluster_unreachable_members 1\n");
        assertThat(text).contains("slm_node_outstanding_attempts{node=\"1\"} 3\n");
        assertThat(text).contains("slm_worker_queue_depth{model=\"m\",node=\"1\"} 2\n");
        assertThat(text).contains("slm_worker_rejected_total{model=\"m\",node=\"1\"} 4\n");
        assertThat(text).contains("slm_tokens_per_second{model=\"m\",node=\"1\"} 50\n");
        assertThat(text).contains("slm_tasks_in_flight 3\n");
        assertThat(text).contains("slm_dispatcher_tasks_total{outcome=\"submitted\"} 20\n");
        assertThat(text).contains("slm_dispatcher_tasks_total{outcome=\"failed\"} 2\n");
        assertThat(text).contains("slm_dispatcher_redispatched_total 4\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(ApiMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
        assertThat(ApiMetrics.number(0.5)).isEqualTo("0.5");
        assertThat(ApiMetrics.number(3.0)).isEqualTo("3");
    }
}
