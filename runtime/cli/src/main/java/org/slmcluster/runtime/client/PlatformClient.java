package org.slmcluster.runtime.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small client of the coordinator's platform API ({@code /api/v1}): the JSON bodies as the server sends
 * them. Thread-safe. Failures throw {@link ClientException}.
 *
 * <pre>{@code
 * PlatformClient client = new PlatformClient(URI.create("http://127.0.0.1:8080"), System.getenv("SLM_TOKEN"));
 * String answer = client.submitTask("stories260k", "generate", "Once upon a time", Map.of(), Map.of("max_tokens", 32))
 *         .path("output").asText();
 * }</pre>
 */
public final class PlatformClient {

    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8080");
    /** Long enough for a generation on a Raspberry Pi; the server's own deadline is shorter. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);

    private final JsonHttp http;

    /** @param token bearer token, or null/blank for none */
    public PlatformClient(URI url, String token) {
        this(url, token, DEFAULT_TIMEOUT);
    }

    public PlatformClient(URI url, String token, Duration timeout) {
        this.http = new JsonHttp(url, token, timeout);
    }

    public URI url() {
        return http.base();
    }

    /** {@code GET /api/v1/nodes}. */
    public JsonNode nodes() {
        return http.get("/api/v1/nodes");
    }

    /** {@code GET /api/v1/models}: where each model runs and its figures. */
    public JsonNode models() {
        return http.get("/api/v1/models");
    }

    /** {@code GET /api/v1/topology}. */
    public JsonNode topology() {
        return http.get("/api/v1/topology");
    }

    /**
     * {@code POST /api/v1/tasks}, waiting for the answer.
     *
     * @param task       translate, summarize, ner, classify, rag or generate
     * @param options    task options ({@code target_language}, {@code classes}...)
     * @param parameters generation parameters ({@code max_tokens}, {@code temperature}, {@code seed}...)
     */
    public JsonNode submitTask(
            String model, String task, String input, Map<String, ?> options, Map<String, ?> parameters) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("model", model).put("task", task).put("input", input);
        body.set("options", JsonHttp.JSON.valueToTree(options));
        body.set("parameters", JsonHttp.JSON.valueToTree(parameters));
        return http.post("/api/v1/tasks", body);
    }

    /** {@code GET /api/v1/tasks/{id}}. */
    public JsonNode task(String id) {
        return http.get("/api/v1/tasks/" + segment(id));
    }

    /** {@code POST /api/v1/jobs}: starts an evaluation job; the answer holds its {@code id}. */
    public JsonNode startJob(String suite, List<String> models, List<Long> seeds) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("suite", suite);
        body.set("models", JsonHttp.JSON.valueToTree(models));
        body.set("seeds", JsonHttp.JSON.valueToTree(seeds));
        return http.post("/api/v1/jobs", body);
    }

    /** {@code GET /api/v1/jobs}. */
    public JsonNode jobs() {
        return http.get("/api/v1/jobs");
    }

    /** {@code GET /api/v1/jobs/{id}}: progress and partial scores. */
    public JsonNode job(String id) {
        return http.get("/api/v1/jobs/" + segment(id));
    }

    /** {@code DELETE /api/v1/jobs/{id}}. */
    public JsonNode cancelJob(String id) {
        return http.delete("/api/v1/jobs/" + segment(id));
    }

    /** {@code POST /api/v1/jobs/{id}/resume}: continues a paused, failed or interrupted job. */
    public JsonNode resumeJob(String id) {
        return http.post("/api/v1/jobs/" + segment(id) + "/resume", JsonHttp.JSON.createObjectNode());
    }

    /** {@code GET /api/v1/ledgers}. */
    public JsonNode ledgers() {
        return http.get("/api/v1/ledgers");
    }

    /** {@code GET /api/v1/ledgers/{model}}. */
    public JsonNode ledger(String model) {
        return http.get("/api/v1/ledgers/" + segment(model));
    }

    /** {@code GET /api/v1/ledgers/{model}/history}: one point per job that ran the model. */
    public JsonNode ledgerHistory(String model) {
        return http.get("/api/v1/ledgers/" + segment(model) + "/history");
    }

    /** {@code GET /api/v1/store}: the coordinator's stored model versions. */
    public JsonNode store() {
        return http.get("/api/v1/store");
    }

    /**
     * {@code POST /api/v1/store}: copies {@code file} (a path the coordinator can read) into its store.
     *
     * @param version null for the digest's first 12 characters
     */
    public JsonNode addToStore(
            String file, String name, String version, String licence, Integer contextSize, String chatTemplate) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("file", file).put("name", name);
        if (version != null) {
            body.put("version", version);
        }
        if (licence != null) {
            body.put("licence", licence);
        }
        if (contextSize != null) {
            body.put("context_size", contextSize);
        }
        if (chatTemplate != null) {
            body.put("chat_template", chatTemplate);
        }
        return http.post("/api/v1/store", body);
    }

    /** {@code DELETE /api/v1/store/{name}/{version}}: refused while the version is placed. */
    public JsonNode removeFromStore(String name, String version) {
        return http.delete("/api/v1/store/" + segment(name) + "/" + segment(version));
    }

    /** {@code POST /api/v1/placements/deploy}: {@code model} is {@code name} or {@code name@version}. */
    public JsonNode deploy(String model, List<String> labels, int replicas) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("model", model);
        body.set("to", JsonHttp.JSON.valueToTree(labels));
        body.put("replicas", replicas);
        return http.post("/api/v1/placements/deploy", body);
    }

    /** {@code POST /api/v1/placements/undeploy}; every label that has it when {@code labels} is empty. */
    public JsonNode undeploy(String model, List<String> labels) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("model", model);
        body.set("from", JsonHttp.JSON.valueToTree(labels));
        return http.post("/api/v1/placements/undeploy", body);
    }

    /** {@code GET /api/v1/placements}: desired placement, each member's state, the transfer log. */
    public JsonNode placements() {
        return http.get("/api/v1/placements");
    }

    /** {@code GET /api/v1/schedules}: scheduled evaluations and their last runs. */
    public JsonNode schedules() {
        return http.get("/api/v1/schedules");
    }

    /**
     * {@code POST /api/v1/schedules}: runs {@code suite} on {@code models} every {@code every} ({@code 6h}; null
     * for none) and/or after every deploy of one of the models.
     */
    public JsonNode addSchedule(
            String suite, List<String> models, String every, boolean afterDeploy, List<Long> seeds) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("suite", suite);
        body.set("models", JsonHttp.JSON.valueToTree(models));
        if (every != null) {
            body.put("every", every);
        }
        body.put("after_deploy", afterDeploy);
        body.set("seeds", JsonHttp.JSON.valueToTree(seeds));
        return http.post("/api/v1/schedules", body);
    }

    /** {@code DELETE /api/v1/schedules/{id}}. */
    public JsonNode removeSchedule(String id) {
        return http.delete("/api/v1/schedules/" + segment(id));
    }

    /**
     * {@code POST /api/v1/placements/rollout}: rolls {@code model} ({@code name@version}) out through the canary
     * and the gate suite; the answer is the roll-out's progress with its {@code id}.
     */
    public JsonNode rollout(
            String model, String canary, String gate, String metric, double maxDrop, double confidence) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("model", model);
        body.put("canary", canary);
        body.put("gate", gate);
        body.put("metric", metric);
        body.put("max_drop", maxDrop);
        body.put("confidence", confidence);
        return http.post("/api/v1/placements/rollout", body);
    }

    /** {@code GET /api/v1/placements/rollout/{id}}: the roll-out's state, step and decision. */
    public JsonNode rolloutProgress(String id) {
        return http.get("/api/v1/placements/rollout/" + segment(id));
    }

    /** {@code GET /api/v1/models/{name}/history}: placement events and roll-out decisions, oldest first. */
    public JsonNode modelHistory(String model) {
        return http.get("/api/v1/models/" + segment(model) + "/history");
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
