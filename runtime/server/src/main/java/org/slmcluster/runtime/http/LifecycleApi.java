package org.slmcluster.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.slmcluster.runtime.lifecycle.LifecycleException;
import org.slmcluster.runtime.lifecycle.ModelLifecycle;
import org.slmcluster.runtime.lifecycle.Placements;
import org.slmcluster.runtime.lifecycle.Rollouts;
import org.slmcluster.runtime.lifecycle.StoredModel;
import org.slmcluster.runtime.suite.SuiteLocator;

/**
 * {@code /api/v1/store} (the coordinator's model store) and {@code /api/v1/placements} (desired placement, each
 * member's state, the transfer log). File work runs on {@code blocking}, never on the server's threads.
 */
final class LifecycleApi {

    private final ModelLifecycle lifecycle;
    private final Executor blocking;

    LifecycleApi(ModelLifecycle lifecycle, Executor blocking) {
        this.lifecycle = lifecycle;
        this.blocking = blocking;
    }

    CompletionStage<HttpResponse> store() {
        return run(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            ArrayNode models = body.putArray("models");
            lifecycle.store().list().forEach(m -> models.add(stored(m)));
            return Responses.json(200, body);
        });
    }

    /** {"file": path readable by the coordinator, "name", "version"?, "licence"?, "context_size"?, "chat_template"?}. */
    CompletionStage<HttpResponse> add(byte[] bytes) {
        JsonFields fields = JsonFields.parse(bytes);
        String file = fields.requiredText("file");
        String name = fields.requiredText("name");
        String version = fields.optionalText("version", null);
        String licence = fields.optionalText("licence", null);
        int contextSize = fields.optionalInt("context_size", 2048, 16, 1 << 20);
        String template = fields.optionalText("chat_template", null);
        return run(() -> Responses.json(
                201, stored(lifecycle.store().add(Path.of(file), name, version, licence, contextSize, template))));
    }

    CompletionStage<HttpResponse> remove(String name, String version) {
        return run(() -> Responses.json(200, stored(lifecycle.placements().removeFromStore(name, version))));
    }

    /** {"model": "name" or "name@version", "to": [labels]} or {"model", "replicas": n}. */
    CompletionStage<HttpResponse> deploy(byte[] bytes) {
        JsonFields fields = JsonFields.parse(bytes);
        String[] model = splitVersion(fields.requiredText("model"));
        List<String> labels = labels(fields.raw("to"));
        int replicas = fields.optionalInt("replicas", 0, 0, 100_000);
        return run(() -> {
            List<String> placed = lifecycle.placements().deploy(model[0], model[1], labels, replicas);
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model[0]);
            body.set("labels", JsonFields.JSON.valueToTree(placed));
            return Responses.json(202, body);
        });
    }

    /** {"model": "name", "from": [labels]} (all labels when absent). */
    CompletionStage<HttpResponse> undeploy(byte[] bytes) {
        JsonFields fields = JsonFields.parse(bytes);
        String model = fields.requiredText("model");
        List<String> labels = labels(fields.raw("from"));
        return run(() -> {
            List<String> removed = lifecycle.placements().undeploy(model, labels);
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model);
            body.set("labels", JsonFields.JSON.valueToTree(removed));
            return Responses.json(202, body);
        });
    }

    /**
     * {"model": "name@version" (the candidate), "canary": label, "gate": suite name or folder, "metric",
     * "max_drop", "confidence"?} -> 202 with the roll-out's progress (its id, polled at {@code rollout/{id}}).
     */
    CompletionStage<HttpResponse> rollout(byte[] bytes) {
        JsonFields fields = JsonFields.parse(bytes)
                .allowOnly(java.util.Set.of("model", "canary", "gate", "metric", "max_drop", "confidence"));
        String[] model = splitVersion(fields.requiredText("model"));
        if (model[1] == null || model[1].isBlank()) {
            throw ApiError.badField("model", "must name the candidate version as NAME@VERSION");
        }
        String canary = fields.requiredText("canary");
        String gate = fields.requiredText("gate");
        String metric = fields.requiredText("metric");
        if (!fields.has("max_drop")) {
            throw ApiError.badField("max_drop", "is required (the largest tolerated drop of the metric)");
        }
        double maxDrop = fields.optionalNumber("max_drop", 0, 0, false, Double.MAX_VALUE);
        double confidence = fields.optionalNumber("confidence", 0.95, 0.5, true, 0.999_999);
        return run(() -> {
            Rollouts rollouts = rollouts();
            Path suite = SuiteLocator.find(gate)
                    .orElseThrow(() -> new ApiError(
                            400,
                            "invalid_suite",
                            "no suite folder (with suite.conf) and no shipped suite named '" + gate + "'",
                            "gate",
                            null));
            String id = rollouts.start(
                    new Rollouts.Request(model[0], model[1], canary, suite, metric, maxDrop, confidence));
            ObjectNode body = rollouts.progress(id).orElseThrow();
            return Responses.json(202, body).addHeader(Location.create("/api/v1/placements/rollout/" + id));
        });
    }

    CompletionStage<HttpResponse> rolloutProgress(String id) {
        return run(() -> Responses.json(
                200,
                rollouts()
                        .progress(id)
                        .orElseThrow(() -> ApiError.notFound("no roll-out '" + id
                                + "' since the coordinator started (its steps are in 'slm models history NAME')"))));
    }

    /** The model's placement events and roll-out decisions, oldest first. */
    CompletionStage<HttpResponse> history(String model) {
        return run(() -> {
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.put("model", model);
            body.set("events", JsonFields.JSON.valueToTree(rollouts().history(model)));
            return Responses.json(200, body);
        });
    }

    private Rollouts rollouts() {
        return lifecycle
                .rollouts()
                .orElseThrow(() -> new ApiError(
                        501, "not_available", "this coordinator has no job manager for gated roll-outs", null, null));
    }

    CompletionStage<HttpResponse> placements() {
        return run(() -> {
            Placements placements = lifecycle.placements();
            ObjectNode body = JsonFields.JSON.createObjectNode();
            body.set("desired", JsonFields.JSON.valueToTree(placements.desired()));
            ArrayNode members = body.putArray("members");
            for (Placements.MemberModelStatus row : placements.status()) {
                ObjectNode node = members.addObject();
                node.put("label", row.label());
                node.put("model", row.model());
                node.put("desired_version", row.desiredVersion());
                node.put("version", row.version());
                node.put("digest", row.digest());
                node.put("phase", row.phase());
                node.put("percent", row.percent());
                node.put("reason", row.reason());
                node.put("reporting", row.reporting());
            }
            body.set("transfers", JsonFields.JSON.valueToTree(placements.transfers()));
            return Responses.json(200, body);
        });
    }

    private static ObjectNode stored(StoredModel model) {
        ObjectNode node = JsonFields.JSON.createObjectNode();
        node.put("name", model.name());
        node.put("version", model.version());
        node.put("digest", model.digest());
        node.put("size", model.size());
        node.put("format", model.format());
        node.put("licence", model.licence());
        node.put("context_size", model.contextSize());
        node.put("chat_template", model.chatTemplate());
        node.put("added_at", model.addedAt());
        return node;
    }

    static String[] splitVersion(String model) {
        int at = model.indexOf('@');
        return at < 0 ? new String[] {model, null} : new String[] {model.substring(0, at), model.substring(at + 1)};
    }

    private static List<String> labels(JsonNode node) {
        List<String> labels = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return labels;
        }
        if (node.isTextual()) {
            for (String label : node.asText().split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
            return labels;
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("labels must be an array of strings or one comma-separated string");
        }
        node.forEach(label -> labels.add(label.asText()));
        return labels;
    }

    private CompletionStage<HttpResponse> run(Supplier<HttpResponse> work) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.get();
                    } catch (LifecycleException e) {
                        throw switch (e.kind()) {
                            case BAD_REQUEST -> ApiError.badRequest(e.getMessage());
                            case NOT_FOUND -> ApiError.notFound(e.getMessage());
                            case CONFLICT -> new ApiError(409, "conflict", e.getMessage(), null, null);
                        };
                    }
                },
                blocking);
    }
}
