package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.rag.CollectionException;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.answer.PreparedQuestion;
import org.slmcluster.runtime.rag.answer.RagAnswer;
import org.slmcluster.runtime.rag.answer.RagAnswerJson;
import org.slmcluster.runtime.rag.answer.RagAnswerer;
import org.slmcluster.topology.Topology;
import org.slmcluster.topology.TopologyExport;
import org.slmcluster.topology.TopologyFigures;

/** The handlers of {@code /api/v1}: nodes, topology, models and one-off tasks. */
final class PlatformApi {

    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    static final Set<String> TASK_FIELDS =
            Set.of("model", "task", "input", "parameters", "options", "collection", "async", "timeout_ms");
    static final Set<String> PARAMETER_FIELDS = Set.of("max_tokens", "temperature", "top_p", "seed", "stop");

    private final ClusterGateway gateway;
    private final TaskSubmitter submitter;
    private final RecentTasks tasks;
    private final ApiSettings settings;
    private final Config systemConfig;
    private final String topologyJson;
    /** Answers {@code "task":"rag"} from a named collection; MiniLM loads on the first such question. */
    private final RagAnswerer ragQuestions;

    PlatformApi(
            ClusterGateway gateway,
            TaskSubmitter submitter,
            RecentTasks tasks,
            ApiSettings settings,
            Config systemConfig,
            CollectionStore collections) {
        this.gateway = gateway;
        this.submitter = submitter;
        this.tasks = tasks;
        this.settings = settings;
        this.systemConfig = systemConfig;
        this.ragQuestions = new RagAnswerer(collections, RagAnswerer.Settings.defaults());
        Topology topology =
                Topology.of(systemConfig.getInt("slm.topology.arity"), systemConfig.getInt("slm.topology.depth"));
        this.topologyJson = TopologyExport.json(topology, TopologyFigures.of(topology));
    }

    /** The overlay as {@code slm topology --json} prints it. */
    HttpResponse topology() {
        return Responses.json(200, topologyJson);
    }

    CompletionStage<HttpResponse> nodes() {
        return gateway.status(STATUS_TIMEOUT).thenApply(status -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("coordinator", status.coordinatorLabel());
            body.put("arity", status.arity());
            body.put("depth", status.depth());
            body.put("in_flight", status.inFlight());
            if (status.counters() != null) {
                body.putObject("dispatched")
                        .put("submitted", status.counters().submitted())
                        .put("completed", status.counters().completed())
                        .put("failed", status.counters().failed())
                        .put("redispatched", status.counters().redispatched());
            }
            ArrayNode nodes = body.putArray("nodes");
            for (ClusterStatus.Member member : status.members()) {
                ObjectNode node = nodes.addObject();
                node.put("label", member.label());
                node.put("address", member.address());
                node.put("status", member.status());
                node.put("reachable", member.reachable());
                member.models().forEach(node.putArray("models")::add);
                int queued = 0;
                int running = 0;
                ArrayNode workers = JsonFields.JSON.createArrayNode();
                for (WorkerStatus worker : status.workers()) {
                    if (worker.nodeLabel().equals(member.label())) {
                        queued += worker.queued();
                        running += worker.running();
                        ObjectNode entry = workers.addObject()
                                .put("model", worker.model())
                                .put("state", worker.state())
                                .put("queued", worker.queued())
                                .put("running", worker.running())
                                .put("queue_capacity", worker.queueCapacity())
                                .put("restarts", worker.restarts())
                                .put("last_error", worker.lastError());
                        EngineProcessStatus process = worker.process();
                        if (process == null) {
                            entry.putObject("engine").put("isolation", "in-process");
                        } else {
                            entry.putObject("engine")
                                    .put("isolation", "process")
                                    .put("pid", process.pid())
                                    .put("rss_bytes", process.rssBytes())
                                    .put("memory_limit_bytes", process.memoryLimitBytes())
                                    .put("memory_limit", process.memoryLimit())
                                    .put("threads", process.threads())
                                    .put("nice", process.nice());
                        }
                    }
                }
                node.put("queue_depth", queued);
                node.put("running", running);
                node.put("load", member.outstanding());
                node.set("workers", workers);
            }
            return Responses.json(200, body);
        });
    }

    CompletionStage<HttpResponse> models() {
        return gateway.status(STATUS_TIMEOUT).thenApply(status -> {
            Map<String, List<String>> hosts = new TreeMap<>();
            for (ClusterStatus.Member member : status.members()) {
                for (String model : member.models()) {
                    hosts.computeIfAbsent(model, m -> new ArrayList<>()).add(member.label());
                }
            }
            ObjectNode body = JsonFields.JSON.createObjectNode();
            ArrayNode models = body.putArray("models");
            hosts.forEach((name, labels) -> {
                ObjectNode model = models.addObject();
                model.put("name", name);
                describe(name, model);
                labels.forEach(model.putArray("nodes")::add);
                ArrayNode workers = model.putArray("hosts");
                long completed = 0;
                long outputTokens = 0;
                long generationMillis = 0;
                for (WorkerStatus w : status.workers()) {
                    if (!w.model().equals(name)) {
                        continue;
                    }
                    completed += w.completed();
                    outputTokens += w.outputTokens();
                    generationMillis += w.generationMillis();
                    workers.addObject()
                            .put("node", w.nodeLabel())
                            .put("state", w.state())
                            .put("queued", w.queued())
                            .put("running", w.running())
                            .put("queue_capacity", w.queueCapacity())
                            .put("concurrency", w.concurrency())
                            .put("completed", w.completed())
                            .put("failed", w.failed())
                            .put("rejected", w.rejected())
                            .put("restarts", w.restarts())
                            .put("prompt_tokens", w.promptTokens())
                            .put("output_tokens", w.outputTokens())
                            .put("tokens_per_second", w.tokensPerSecond())
                            .put("last_error", w.lastError());
                }
                model.put("completed", completed);
                model.put("output_tokens", outputTokens);
                model.put("tokens_per_second", generationMillis <= 0 ? 0.0 : outputTokens * 1000.0 / generationMillis);
            });
            return Responses.json(200, body);
        });
    }

    /** Engine and context size from the coordinator's model definitions, when it has them. */
    private void describe(String name, ObjectNode model) {
        String path = "slm.models.\"" + name + "\"";
        if (!systemConfig.hasPath(path)) {
            return;
        }
        try {
            ModelSpec spec = ModelSpec.fromConfig(name, systemConfig.getConfig(path));
            model.put("engine", spec.engine().configName());
            model.put("context_size", spec.contextSize());
        } catch (RuntimeException e) {
            // a definition the coordinator cannot read is the hosting node's business, not this listing's
        }
    }

    CompletionStage<HttpResponse> submitTask(byte[] bytes) {
        JsonFields body = JsonFields.parse(bytes).allowOnly(TASK_FIELDS);
        String model = body.requiredText("model");
        String type = body.optionalText("task", "generate");
        String input = body.requiredText("input");
        GenerationParameters parameters = parameters(body.object("parameters"));
        String collection = body.has("collection")
                ? body.requiredText("collection")
                : body.object("options").optionalText("collection", null);
        PreparedQuestion rag = null;
        GenerationRequest request;
        if ("rag".equals(type) && collection != null) {
            try {
                rag = ragQuestions.prepare(collection, input);
            } catch (CollectionException e) {
                throw e.getMessage().startsWith("no collection named")
                        ? ApiError.notFound(e.getMessage())
                        : ApiError.badField("collection", e.getMessage());
            }
            request = rag.request(parameters);
        } else if ("rag".equals(type)) {
            request = ragRequest(input, body.object("options"), parameters);
        } else {
            request = TaskPrompts.build(type, input, body.object("options"), parameters);
        }
        boolean async = body.optionalBoolean("async", false);
        long maxMillis = settings.requestTimeout().toMillis();
        Duration deadline =
                Duration.ofMillis(body.optionalInt("timeout_ms", (int) Math.min(maxMillis, Integer.MAX_VALUE), 1, (int)
                        Math.min(maxMillis, Integer.MAX_VALUE)));

        String id = UUID.randomUUID().toString();
        tasks.started(id, model, type);
        CompletionStage<TaskResult.Completed> running = submitter
                .run(id, model, request, deadline)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        tasks.failed(id, asApiError(error));
                    } else {
                        tasks.completed(id, done);
                    }
                });
        if (async) {
            ObjectNode accepted = JsonFields.JSON.createObjectNode();
            accepted.put("id", id).put("status", "running").put("model", model).put("task", type);
            return CompletableFuture.completedFuture(
                    Responses.json(202, accepted).addHeader(Location.create("/api/v1/tasks/" + id)));
        }
        PreparedQuestion question = rag;
        return running.thenApply(done -> {
            ObjectNode json = taskJson(tasks.find(id)
                    .orElse(new RecentTasks.Entry(id, model, type, System.currentTimeMillis(), done, null)));
            if (question != null) {
                RagAnswer answer = question.answer(model, done.result(), done.nodeLabel());
                json.put("output", answer.answer());
                json.set("rag", RagAnswerJson.toJson(answer));
            }
            return Responses.json(200, json);
        });
    }

    /** A question answered from the passages the caller sends in {@code options.context} (no collection given). */
    private static GenerationRequest ragRequest(String question, JsonFields options, GenerationParameters parameters) {
        List<String> context = options.stringOrStrings("context");
        if (context.isEmpty()) {
            throw ApiError.badField(
                    options.path("context"),
                    "is required for task 'rag' without a \"collection\" "
                            + "(a passage or an array of them; collections are built with 'slm collections add NAME DIR')");
        }
        return GenerationRequest.chat(
                List.of(
                        ChatMessage.system("You answer questions from the given context only."),
                        ChatMessage.user("Context:\n" + String.join("\n\n", context) + "\n\nQuestion: " + question)),
                parameters);
    }

    HttpResponse task(String id) {
        return tasks.find(id)
                .map(entry -> Responses.json(200, taskJson(entry)))
                .orElseThrow(() -> ApiError.notFound("no task '" + id + "' (only the last " + settings.rememberedTasks()
                        + " tasks are remembered)"));
    }

    private static ObjectNode taskJson(RecentTasks.Entry entry) {
        ObjectNode json = JsonFields.JSON.createObjectNode();
        json.put("id", entry.id());
        json.put("status", entry.running() ? "running" : entry.result() != null ? "completed" : "failed");
        json.put("model", entry.model());
        json.put("task", entry.task());
        json.put("created_ms", entry.createdMillis());
        TaskResult.Completed done = entry.result();
        if (done != null) {
            GenerationResult result = done.result();
            json.put("output", result.text());
            json.put("finish_reason", result.finishReason());
            json.put("node", done.nodeLabel());
            if (done.version() != null) {
                json.put("version", done.version());
            }
            json.put("hops", done.hops());
            done.requestTrace().forEach(json.putArray("route")::add);
            json.put("attempts", done.attempts());
            json.putObject("usage")
                    .put("prompt_tokens", result.promptTokens())
                    .put("completion_tokens", result.outputTokens())
                    .put("total_tokens", result.promptTokens() + result.outputTokens());
            json.put("generation_ms", result.latencyNanos() / 1_000_000.0);
            json.put("tokens_per_second", result.tokensPerSecond());
        }
        if (entry.error() != null) {
            json.putObject("error")
                    .put("type", entry.error().type())
                    .put("message", entry.error().getMessage());
        }
        return json;
    }

    /** {@code max_tokens}, {@code temperature}, {@code top_p}, {@code seed}, {@code stop}; defaults otherwise. */
    static GenerationParameters parameters(JsonFields given) {
        JsonFields fields = given.allowOnly(PARAMETER_FIELDS);
        GenerationParameters d = GenerationParameters.DEFAULTS;
        return new GenerationParameters(
                fields.optionalInt("max_tokens", d.maxTokens(), 1, 1_000_000),
                fields.optionalNumber("temperature", d.temperature(), 0, false, 2),
                fields.optionalNumber("top_p", d.topP(), 0, true, 1),
                fields.optionalLong("seed", d.seed()),
                fields.stringOrStrings("stop"));
    }

    static ApiError asApiError(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ApiError known ? known : ApiError.internal(String.valueOf(cause));
    }
}
