package org.slmcluster.runtime.http;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.worker.WorkerStatus;

/**
 * What {@code /metrics} shows, in the Prometheus text format 0.0.4: counters and histograms of the tasks
 * this API submitted (by model and the node that answered), and gauges read from the coordinator's
 * {@link ClusterStatus} at scrape time (worker queues and counters, members by status).
 */
final class ApiMetrics {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double[] LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
    private static final double[] HOP_BUCKETS = {0, 1, 2, 3, 4, 5, 6, 8};

    private record ModelNode(String model, String node) implements Comparable<ModelNode> {
        @Override
        public int compareTo(ModelNode other) {
            int byModel = model.compareTo(other.model);
            return byModel != 0 ? byModel : node.compareTo(other.node);
        }
    }

    private record ModelKind(String model, String kind) implements Comparable<ModelKind> {
        @Override
        public int compareTo(ModelKind other) {
            int byModel = model.compareTo(other.model);
            return byModel != 0 ? byModel : kind.compareTo(other.kind);
        }
    }

    private static final class Histogram {
        final double[] bounds;
        final AtomicLongArray counts;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length);
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts.incrementAndGet(i);
                }
            }
            sum.add(value);
            count.increment();
        }
    }

    private static final class Series {
        final LongAdder completed = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final Histogram latency = new Histogram(LATENCY_BUCKETS);
        final Histogram hops = new Histogram(HOP_BUCKETS);
    }

    private final Map<ModelNode, Series> series = new ConcurrentSkipListMap<>();
    private final Map<ModelKind, LongAdder> errors = new ConcurrentSkipListMap<>();
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private volatile TrafficWatch traffic;

    /** From now on {@link #render} also shows {@code watch}'s gauges. */
    void showing(TrafficWatch watch) {
        this.traffic = watch;
    }

    void completed(TaskResult.Completed result, long elapsedNanos) {
        Series s = series.computeIfAbsent(new ModelNode(result.model(), result.nodeLabel()), k -> new Series());
        s.completed.increment();
        s.promptTokens.add(result.result().promptTokens());
        s.outputTokens.add(result.result().outputTokens());
        s.latency.observe(elapsedNanos / 1e9);
        s.hops.observe(result.hops());
    }

    void failed(String model, FailureKind kind) {
        failed(model, reason(kind));
    }

    /** How a failure kind is named in labels and alerts: {@code engine_crashed}, {@code overloaded}, ... */
    static String reason(FailureKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A task that failed outside the dispatcher, e.g. {@code no_answer} when the ask timed out. */
    void failed(String model, String kind) {
        errors.computeIfAbsent(new ModelKind(model, kind), k -> new LongAdder()).increment();
    }

    void responded(int status) {
        responses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** The whole exposition; {@code status} is null when the coordinator did not answer in time. */
    String render(ClusterStatus status) {
        StringBuilder out = new StringBuilder(4096);
        header(
                out,
                "slm_tasks_total",
                "counter",
                "Tasks submitted over HTTP and answered with a result, by model and the node that generated it.");
        series.forEach((key, s) ->
                sample(out, "slm_tasks_total", labels("model", key.model, "node", key.node), s.completed.sum()));
        header(
                out,
                "slm_task_errors_total",
                "counter",
                "Tasks submitted over HTTP that failed, by model and failure kind.");
        errors.forEach((key, n) ->
                sample(out, "slm_task_errors_total", labels("model", key.model, "kind", key.kind), n.sum()));
        header(
                out,
                "slm_task_latency_seconds",
                "histogram",
                "End-to-end task latency seen by the API (dispatch, routing, queue, generation).");
        series.forEach((key, s) -> histogram(out, "slm_task_latency_seconds", key, s.latency));
        header(
                out,
                "slm_task_hops",
                "histogram",
                "Overlay hops from the coordinator to the node that generated the result.");
        series.forEach((key, s) -> histogram(out, "slm_task_hops", key, s.hops));
        header(out, "slm_prompt_tokens_total", "counter", "Prompt tokens of completed tasks, by model and node.");
        series.forEach((key, s) -> sample(
                out, "slm_prompt_tokens_total", labels("model", key.model, "node", key.node), s.promptTokens.sum()));
        header(out, "slm_generated_tokens_total", "counter", "Generated tokens of completed tasks, by model and node.");
        series.forEach((key, s) -> sample(
                out, "slm_generated_tokens_total", labels("model", key.model, "node", key.node), s.outputTokens.sum()));
        header(out, "slm_http_responses_total", "counter", "HTTP responses of the API by status code.");
        new TreeMap<>(responses)
                .forEach((code, n) ->
                        sample(out, "slm_http_responses_total", labels("code", String.valueOf(code)), n.sum()));

        header(
                out,
                "slm_cluster_status_available",
                "gauge",
                "1 when the coordinator reported the cluster status for this scrape.");
        sample(out, "slm_cluster_status_available", "", status == null ? 0 : 1);
        if (status != null) {
            renderCluster(out, status);
        }
        TrafficWatch watch = traffic;
        if (watch != null) {
            out.append(watch.exposition());
        }
        return out.toString();
    }

    private static void renderCluster(StringBuilder out, ClusterStatus status) {
        Map<String, Integer> byStatus = new TreeMap<>();
        int unreachable = 0;
        for (ClusterStatus.Member member : status.members()) {
            byStatus.merge(member.status(), 1, Integer::sum);
            if (!member.reachable()) {
                unreachable++;
            }
        }
        header(out, "slm_cluster_members", "gauge", "Cluster members by Pekko member status.");
        byStatus.forEach((name, n) -> sample(out, "slm_cluster_members", labels("status", name), n));
        header(out, "slm_cluster_unreachable_members", "gauge", "Members the coordinator currently cannot reach.");
        sample(out, "slm_cluster_unreachable_members", "", unreachable);
        header(out, "slm_tasks_in_flight", "gauge", "Tasks the dispatcher is waiting on.");
        sample(out, "slm_tasks_in_flight", "", status.inFlight());
        if (status.counters() != null) {
            ClusterStatus.Counters counters = status.counters();
            header(
                    out,
                    "slm_dispatcher_tasks_total",
                    "counter",
                    "Tasks the dispatcher accepted and answered (all callers), by outcome.");
            sample(out, "slm_dispatcher_tasks_total", labels("outcome", "submitted"), counters.submitted());
            sample(out, "slm_dispatcher_tasks_total", labels("outcome", "completed"), counters.completed());
            sample(out, "slm_dispatcher_tasks_total", labels("outcome", "failed"), counters.failed());
            header(
                    out,
                    "slm_dispatcher_redispatched_total",
                    "counter",
                    "Attempts started after an earlier attempt of the same task was lost or failed.");
            sample(out, "slm_dispatcher_redispatched_total", "", counters.redispatched());
        }
        header(
                out,
                "slm_node_outstanding_attempts",
                "gauge",
                "Task attempts the dispatcher sent to a node and has not heard back from.");
        for (ClusterStatus.Member member : status.members()) {
            if (member.label() != null) {
                sample(out, "slm_node_outstanding_attempts", labels("node", member.label()), member.outstanding());
            }
        }
        workerGauge(
                out,
                status,
                "slm_worker_queue_depth",
                "gauge",
                "Requests waiting in a model worker's queue.",
                w -> w.queued());
        workerGauge(
                out,
                status,
                "slm_worker_running",
                "gauge",
                "Generations in progress in a model worker.",
                w -> w.running());
        workerGauge(
                out,
                status,
                "slm_worker_queue_capacity",
                "gauge",
                "Queue capacity of a model worker.",
                w -> w.queueCapacity());
        workerGauge(
                out,
                status,
                "slm_worker_completed_total",
                "counter",
                "Generations a worker answered with a result (all callers).",
                w -> w.completed());
        workerGauge(
                out,
                status,
                "slm_worker_failed_total",
                "counter",
                "Requests a worker answered with an engine error or a timeout.",
                w -> w.failed());
        workerGauge(
                out,
                status,
                "slm_worker_rejected_total",
                "counter",
                "Requests a worker refused because its queue was full.",
                w -> w.rejected());
        workerGauge(
                out,
                status,
                "slm_worker_restarts_total",
                "counter",
                "Engine reloads after a failure.",
                w -> w.restarts());
        workerGauge(
                out,
                status,
                "slm_worker_output_tokens_total",
                "counter",
                "Tokens a worker generated (all callers).",
                w -> w.outputTokens());
        workerGauge(
                out,
                status,
                "slm_tokens_per_second",
                "gauge",
                "Output tokens per second of generation time over the worker's lifetime.",
                WorkerStatus::tokensPerSecond);
        header(out, "slm_worker_ready", "gauge", "1 when the worker's engine is READY.");
        for (WorkerStatus w : status.workers()) {
            sample(
                    out,
                    "slm_worker_ready",
                    labels("model", w.model(), "node", w.nodeLabel(), "state", w.state()),
                    "READY".equals(w.state()) ? 1 : 0);
        }
    }

    private interface WorkerFigure {
        double of(WorkerStatus worker);
    }

    private static void workerGauge(
            StringBuilder out, ClusterStatus status, String name, String type, String help, WorkerFigure figure) {
        header(out, name, type, help);
        for (WorkerStatus w : status.workers()) {
            sample(out, name, labels("model", w.model(), "node", w.nodeLabel()), figure.of(w));
        }
    }

    private static void histogram(StringBuilder out, String name, ModelNode key, Histogram h) {
        String base = "model=\"" + escape(key.model) + "\",node=\"" + escape(key.node) + "\"";
        for (int i = 0; i < h.bounds.length; i++) {
            sample(out, name + "_bucket", "{" + base + ",le=\"" + number(h.bounds[i]) + "\"}", h.counts.get(i));
        }
        long count = h.count.sum();
        sample(out, name + "_bucket", "{" + base + ",le=\"+Inf\"}", count);
        sample(out, name + "_sum", "{" + base + "}", h.sum.sum());
        sample(out, name + "_count", "{" + base + "}", count);
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        sample(out, name, labels, (double) value);
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(number(value)).append('\n');
    }

    private static String labels(String... pairs) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                s.append(',');
            }
            s.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return s.append('}').toString();
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
