package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.evaluation.MetricUnavailableException;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.jobs.JobHandle;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.jobs.JobProgress;
import org.slmcluster.runtime.jobs.JobSpec;
import org.slmcluster.runtime.jobs.RunManifest;
import org.slmcluster.runtime.ledger.LedgerViews;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.ledger.RunComparison;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.suite.SuiteException;
import org.slmcluster.runtime.suite.SuiteLocator;

/**
 * The handlers of {@code /api/v1/jobs} and {@code /api/v1/ledgers}, over the coordinator's {@link JobManager}.
 * Suite loading and ledger queries block (files, JDBC), so they run on {@code blocking}, never on the
 * server's dispatcher.
 */
final class JobsApi {

    private final JobManager jobs;
    /** How long a job's view waits for a ledger's scores before it answers without them. */
    private static final Duration SCORES_WAIT = Duration.ofSeconds(3);

    private final Ledgers ledgers;
    private final Executor blocking;

    JobsApi(JobManager jobs, Executor blocking) {
        this.jobs = jobs;
        this.ledgers = jobs.ledgers();
        this.blocking = blocking;
    }

    /** {@code {"suite": name or folder, "models": [..] or "m", "seeds": [..]}} -> 202 with the job's id. */
    CompletionStage<HttpResponse> start(byte[] bytes) {
        JsonFields body = JsonFields.parse(bytes).allowOnly(java.util.Set.of("suite", "models", "seeds"));
        String suite = body.requiredText("suite");
        List<String> models = body.stringOrStrings("models");
        if (models.isEmpty()) {
            throw ApiError.badField("models", "is required (a model name or a list of them)");
        }
        List<Long> seeds = seeds(body);
        return async(() -> {
            Optional<Path> found;
            try {
                found = SuiteLocator.find(suite);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ApiError(
                        400, "invalid_suite", "'" + suite + "' is not a valid suite name or folder", "suite", null);
            }
            Path folder = found.orElseThrow(() -> new ApiError(
                    400,
                    "invalid_suite",
                    "no suite folder (with suite.conf) and no shipped suite named '" + suite + "'",
                    "suite",
                    null));
            JobSpec spec;
            try {
                spec = new JobSpec(folder, models, seeds);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
            JobHandle handle;
            try {
                handle = jobs.start(spec);
            } catch (SuiteException e) {
                throw new ApiError(
                        400,
                        "invalid_suite",
                        "the suite has problems: "
                                + e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")),
                        "suite",
                        null);
            } catch (MetricUnavailableException e) {
                throw ApiError.badRequest(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiError.notFound(e.getMessage());
            }
            JsonNode progress = jobs.progress(handle.id())
                    .map(JobsApi::progressJson)
                    .orElseGet(() -> JsonFields.JSON.createObjectNode().put("id", handle.id()));
            return Responses.json(202, progress).addHeader(Location.create("/api/v1/jobs/" + handle.id()));
        });
    }

    static List<Long> seeds(JsonFields body) {
        if (!body.has("seeds")) {
            return List.of();
        }
        JsonNode value = body.raw("seeds");
        if (!value.isArray()) {
            throw ApiError.badField("seeds", "must be an array of integers");
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isIntegralNumber() || !value.get(i).canConvertToLong()) {
                throw ApiError.badField("seeds[" + i + "]", "must be an integer");
            }
            seeds.add(value.get(i).asLong());
        }
        return seeds;
    }

    /** Every job under the data dir, oldest first. */
    CompletionStage<HttpResponse> list() {
        return async(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            ArrayNode list = body.putArray("jobs");
            for (String id : jobs.jobs()) {
                jobs.progress(id).ifPresent(progress -> list.add(progressJson(progress)));
            }
            return Responses.json(200, body);
        });
    }

    /** Progress plus the partial scores: each model's ledger view over the items of this job's suite. */
    CompletionStage<HttpResponse> show(String id) {
        return async(() -> {
            JobProgress progress = jobs.progress(id).orElseThrow(() -> ApiError.notFound("no job '" + id + "'"));
            ObjectNode body = progressJson(progress);
            Optional<RunManifest> manifest = jobs.manifest(id);
            manifest.ifPresent(m -> body.put("suite", m.suite()));
            jobs.startedBy(id).ifPresent(by -> body.put("started_by", by));
            ObjectNode scores = body.putObject("scores");
            String prefix = manifest.map(m -> m.suite() + "/").orElse(null);
            for (String model : progress.perModel().keySet()) {
                List<ScoredItem> recorded;
                try {
                    recorded = ledgers.itemsWithin(model, SCORES_WAIT);
                } catch (IllegalStateException e) {
                    // the progress is current; the scores wait for the ledger (restarting after a failed write)
                    body.put(
                            "scores_unavailable", "the ledger of " + model + " does not answer now: " + e.getMessage());
                    continue;
                }
                List<ScoredItem> items = recorded.stream()
                        .filter(item -> prefix != null
                                && item.id().startsWith(prefix)
                                && progress.perModel().get(model).containsKey(item.task()))
                        .toList();
                scores.set(model, tasksJson(LedgerViews.modelView(model, items)));
            }
            return Responses.json(200, body);
        });
    }

    /** Stops dispatching the job's remaining tasks: 200, 404 for an unknown job, 409 when it is not running. */
    CompletionStage<HttpResponse> cancel(String id) {
        return async(() -> {
            if (jobs.progress(id).isEmpty()) {
                throw ApiError.notFound("no job '" + id + "'");
            }
            if (!jobs.cancel(id)) {
                throw new ApiError(409, "conflict", "job '" + id + "' is not running", null, null);
            }
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("id", id).put("cancelled", true);
            return Responses.json(200, body);
        });
    }

    /**
     * Continues a job that is not running (paused, failed, interrupted): only the tasks its ledgers lack run.
     * 202 with its progress; 404 for an unknown job; 409 when it is running or its suite changed or broke.
     */
    CompletionStage<HttpResponse> resume(String id) {
        return async(() -> {
            if (jobs.progress(id).isEmpty()) {
                throw ApiError.notFound("no job '" + id + "'");
            }
            try {
                jobs.resume(id);
            } catch (IllegalStateException e) {
                throw new ApiError(409, "conflict", e.getMessage(), null, null);
            } catch (IllegalArgumentException e) {
                throw new ApiError(409, "conflict", "job '" + id + "' cannot run now: " + e.getMessage(), null, null);
            } catch (SuiteException e) {
                throw new ApiError(
                        409,
                        "conflict",
                        "the job's suite has problems now: "
                                + e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")),
                        null,
                        null);
            }
            JsonNode progress = jobs.progress(id)
                    .map(JobsApi::progressJson)
                    .orElseGet(() -> JsonFields.JSON.createObjectNode().put("id", id));
            return Responses.json(202, progress).addHeader(Location.create("/api/v1/jobs/" + id));
        });
    }

    /** The models with a ledger and how many items each holds. */
    CompletionStage<HttpResponse> ledgers() {
        return async(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            ArrayNode list = body.putArray("ledgers");
            for (String model : ledgers.models()) {
                ModelView view = ledgers.view(model);
                list.addObject()
                        .put("model", model)
                        .put("items", view.itemCount())
                        .set(
                                "tasks",
                                JsonFields.JSON.valueToTree(view.tasks().stream()
                                        .map(TaskView::task)
                                        .toList()));
            }
            return Responses.json(200, body);
        });
    }

    /** One model's ledger summarised per task; 404 when the model has no ledger. */
    CompletionStage<HttpResponse> ledger(String model) {
        return async(() -> {
            if (!ledgers.models().contains(model)) {
                throw ApiError.notFound("no ledger for model '" + model + "' (it has no recorded results)");
            }
            ModelView view = ledgers.view(model);
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model).put("items", view.itemCount());
            body.set("tasks", tasksJson(view));
            return Responses.json(200, body);
        });
    }

    /**
     * The model's score history: one point per job that ran it (time, job, suite, weights version, per task
     * and metric the mean, 95% interval and items), oldest first; 404 when it has neither ledger nor history.
     */
    CompletionStage<HttpResponse> history(String model) {
        return async(() -> {
            List<JsonNode> points = jobs.history().series(model);
            if (points.isEmpty() && !ledgers.models().contains(model)) {
                throw ApiError.notFound("no ledger for model '" + model + "' (it has no recorded results)");
            }
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model);
            points.forEach(body.putArray("points")::add);
            return Responses.json(200, body);
        });
    }

    /**
     * {@code GET /api/v1/compare?a=RUN&b=RUN} (a run is {@code JOB/MODEL}, or {@code JOB} when the job ran one
     * model): per task and metric B minus A with a paired-bootstrap interval, and the items that changed most
     * with both answers; 400 without both runs, 404 for a run not in the score history.
     */
    CompletionStage<HttpResponse> compare(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || a.get().isBlank()) {
            throw ApiError.badField("a", "is required: the first run, JOB or JOB/MODEL");
        }
        if (b.isEmpty() || b.get().isBlank()) {
            throw ApiError.badField("b", "is required: the second run, JOB or JOB/MODEL");
        }
        return async(() -> {
            try {
                return Responses.json(200, new RunComparison(jobs.history()).compare(a.get(), b.get()));
            } catch (RunComparison.UnknownRunException e) {
                throw ApiError.notFound(e.getMessage());
            }
        });
    }

    /** {@code GET /api/v1/alerts}: every drift alert raised, oldest first, with its numbers. */
    CompletionStage<HttpResponse> alerts() {
        return async(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            jobs.alerts().list().forEach(body.putArray("alerts")::add);
            return Responses.json(200, body);
        });
    }

    /** {@code POST /api/v1/ledgers/{model}/baseline {"job": id}}: later runs are compared with that job's run. */
    CompletionStage<HttpResponse> pinBaseline(String model, byte[] bytes) {
        String job = JsonFields.parse(bytes).allowOnly(java.util.Set.of("job")).requiredText("job");
        return async(() -> {
            if (!jobs.history().pin(model, job)) {
                throw ApiError.notFound("model '" + model + "' has no run of job '" + job + "' in its history");
            }
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model).put("baseline_job", job);
            return Responses.json(200, body);
        });
    }

    /** The latest drift comparisons of every model with a history, for the drift gauges. */
    List<JsonNode> latestDrift(List<String> models) {
        List<JsonNode> latest = new java.util.ArrayList<>();
        for (String model : models) {
            List<JsonNode> points = jobs.history().series(model);
            if (!points.isEmpty() && points.get(points.size() - 1).has("drift")) {
                latest.add(points.get(points.size() - 1));
            }
        }
        return latest;
    }

    /** Every model's ledger views now, for the score gauges, read on the blocking executor. */
    CompletionStage<List<ModelView>> views() {
        return CompletableFuture.supplyAsync(ledgers::views, blocking);
    }

    /** The weights version of the model's latest history point, or "" when it has none. */
    String latestVersion(String model) {
        List<JsonNode> points = jobs.history().series(model);
        return points.isEmpty()
                ? ""
                : points.get(points.size() - 1).path("version").asText("");
    }

    // ---- JSON

    static ObjectNode progressJson(JobProgress progress) {
        ObjectNode json = JsonFields.JSON.createObjectNode();
        json.put("id", progress.jobId());
        json.put("state", progress.state().name().toLowerCase(java.util.Locale.ROOT));
        json.put("total", progress.total());
        json.put("done", progress.done());
        json.put("failed", progress.failed());
        json.put("cached", progress.cached());
        json.put("fraction", progress.fraction());
        json.put("started_at", progress.startedAt().toString());
        json.put("elapsed_ms", progress.elapsed().toMillis());
        progress.eta().ifPresent(eta -> json.put("eta_ms", eta.toMillis()));
        progress.stopReason().ifPresent(reason -> json.put("reason", reason));
        if (!progress.notes().isEmpty()) {
            progress.notes().forEach(json.putArray("notes")::add);
        }
        ObjectNode models = json.putObject("models");
        progress.perModel().forEach((model, tasks) -> {
            ObjectNode perTask = models.putObject(model);
            tasks.forEach((task, counts) -> perTask.putObject(task)
                    .put("total", counts.total())
                    .put("done", counts.done())
                    .put("failed", counts.failed()));
        });
        json.set("judge_failures", JsonFields.JSON.valueToTree(progress.judgeFailures()));
        return json;
    }

    static ArrayNode tasksJson(ModelView view) {
        ArrayNode tasks = JsonFields.JSON.createArrayNode();
        for (TaskView task : view.tasks()) {
            ObjectNode json = tasks.addObject();
            json.put("task", task.task());
            json.put("kind", task.kind().name().toLowerCase(java.util.Locale.ROOT));
            json.put("count", task.count());
            ObjectNode metrics = json.putObject("metrics");
            for (Map.Entry<String, MetricSummary> entry : task.metrics().entrySet()) {
                MetricSummary m = entry.getValue();
                metrics.putObject(entry.getKey())
                        .put("mean", m.mean())
                        .put("std_dev", m.stdDev())
                        .put("ci_low", m.ciLow())
                        .put("ci_high", m.ciHigh())
                        .put("count", m.count());
            }
            ObjectNode corpus = json.putObject("corpus");
            task.corpus().forEach(corpus::put);
            json.put("latency_p50_ms", task.latencyP50Millis());
            json.put("latency_p95_ms", task.latencyP95Millis());
            json.put("tokens_per_second", task.meanTokensPerSecond());
            json.put("mean_output_tokens", task.meanOutputTokens());
            json.put("mean_output_chars", task.meanOutputChars());
            ObjectNode adherence = json.putObject("adherence");
            for (Map.Entry<AdherenceFlag, Double> entry : task.adherence().entrySet()) {
                adherence.put(entry.getKey().name().toLowerCase(java.util.Locale.ROOT), entry.getValue());
            }
            json.put("cached", task.cachedCount());
        }
        return tasks;
    }

    private CompletionStage<HttpResponse> async(Supplier<HttpResponse> work) {
        return CompletableFuture.supplyAsync(work, blocking);
    }
}
