package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.runtime.engines.OpenAiCompatibleEngine;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.topology.Topology;
import org.slmcluster.topology.TopologyExport;
import org.slmcluster.topology.TopologyFigures;

/**
 * The API over real HTTP against a running 3-member cluster (root, 0, 1; stories260K on node 1, one hop
 * from the coordinator), real llama.cpp generation. One server requires a token, one is open.
 */
@IntegrationTest
class ApiServerTest {

    static final String MODEL = "stories260k";
    static final String TOKEN = "test-token-0123456789";
    static final long MAX_BODY = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedCluster cluster;
    static ApiServer secured;
    static ApiServer open;
    static Coordinator services;
    static ManagementServer management;
    static HttpClient http;
    static Path dataDir;

    @BeforeAll
    static void start() throws IOException {
        // The coordinator's NodeEndpoints open the job manager's ledgers under slm.data-dir.
        dataDir = Files.createTempDirectory("slm-api-test-");
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of(MODEL)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(clusterConf())
                        .withSettings("pekko.cluster.seed-node-timeout = 3s\n"
                                + "pekko.cluster.retry-unsuccessful-join-after = 2s\n"
                                // one running and one waiting request per worker: a burst overloads it
                                + "slm.worker.queue-capacity = 1\n"
                                + "slm.data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"\n"));
        try {
            cluster.awaitUp(Duration.ofSeconds(60));
            services = Coordinator.open(cluster.coordinator(), dataDir, EvaluationOptions.skippingEncoderMetrics());
            secured = services.serveApi(
                    ApiSettings.defaults().withPort(0).withToken(TOKEN).withMaxBodyBytes(MAX_BODY));
            open = ApiServer.start(
                    cluster.coordinator().system(),
                    ApiSettings.defaults().withPort(0).withToken(null),
                    services.jobs(),
                    services.collections());
            management = ManagementServer.start(cluster.coordinator().system(), secured.settings(), 0);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (secured != null) {
            secured.stop();
        }
        if (open != null) {
            open.stop();
        }
        if (services != null) {
            services.close();
        }
        if (management != null) {
            management.stop();
        }
        if (cluster != null) {
            cluster.stop();
        }
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }

    static Path clusterConf() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("cluster.conf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no cluster.conf above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("cluster.conf");
    }

    // ---- helpers

    static HttpResponse<String> get(ApiServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(ApiServer server, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> authed(String path, String body) throws Exception {
        return post(secured, path, body, "Authorization", "Bearer " + TOKEN);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    /** The platform's error shape: exactly {"error":{"type","message"}}. */
    static JsonNode platformError(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.size()).isEqualTo(1);
        JsonNode error = body.get("error");
        assertThat(error).isNotNull();
        assertThat(iterable(error.fieldNames())).containsExactly("type", "message");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    /** OpenAI's error shape: {"error":{"message","type","param","code"}}. */
    static JsonNode openAiError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).get("error");
        assertThat(error).isNotNull();
        assertThat(iterable(error.fieldNames())).containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    static String generateTask(String input, int maxTokens) {
        return "{\"model\":\"" + MODEL + "\",\"task\":\"generate\",\"input\":\"" + input
                + "\",\"parameters\":{\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"seed\":7}}";
    }

    // ---- /api/v1

    @Test
    void nodesListsEveryMemberWithLabelAddressStatusModelsAndLoad() throws Exception {
        HttpResponse<String> response = get(secured, "/api/v1/nodes", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("coordinator").asText()).isEqualTo("root");
        assertThat(body.get("dispatched").get("submitted").isNumber()).isTrue();
        JsonNode nodes = body.get("nodes");
        assertThat(nodes).hasSize(3);
        List<String> labels = new ArrayList<>();
        for (JsonNode node : nodes) {
            labels.add(node.get("label").asText());
            assertThat(node.get("address").asText()).startsWith("pekko://slm@127.0.0.1:");
            assertThat(node.get("status").asText()).isEqualTo("Up");
            assertThat(node.get("reachable").asBoolean()).isTrue();
            assertThat(node.get("queue_depth").isInt()).isTrue();
            assertThat(node.get("load").isInt()).isTrue();
        }
        assertThat(labels).containsExactly("root", "0", "1");
        assertThat(nodes.get(2).get("models").get(0).asText()).isEqualTo(MODEL);
        assertThat(nodes.get(2).get("workers").get(0).get("state").asText()).isEqualTo("READY");
        assertThat(nodes.get(0).get("models")).isEmpty();
    }

    @Test
    void topologyIsTheJsonOfSlmTopology() throws Exception {
        HttpResponse<String> response = get(secured, "/api/v1/topology", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        Topology topology = Topology.of(2, 1);
        assertThat(json(response))
                .isEqualTo(JSON.readTree(TopologyExport.json(topology, TopologyFigures.of(topology))));
        assertThat(json(response).get("nodeCount").asInt()).isEqualTo(3);
    }

    @Test
    void modelsSayWhereEachModelRunsAndItsFigures() throws Exception {
        HttpResponse<String> response = get(secured, "/api/v1/models", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode models = json(response).get("models");
        assertThat(models).hasSize(1);
        JsonNode model = models.get(0);
        assertThat(model.get("name").asText()).isEqualTo(MODEL);
        assertThat(model.get("engine").asText()).isEqualTo("llama-cpp");
        assertThat(model.get("context_size").asInt()).isEqualTo(2048);
        assertThat(model.get("nodes").get(0).asText()).isEqualTo("1");
        JsonNode host = model.get("hosts").get(0);
        assertThat(host.get("node").asText()).isEqualTo("1");
        assertThat(host.get("queue_capacity").asInt()).isEqualTo(1);
        assertThat(host.has("tokens_per_second")).isTrue();
    }

    @Test
    void aGenerateTaskRunsOnTheHostingNodeOneHopAway() throws Exception {
        HttpResponse<String> response = authed("/api/v1/tasks", generateTask("Once upon a time", 24));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode task = json(response);
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.get("output").asText()).isNotBlank();
        assertThat(task.get("node").asText()).isEqualTo("1");
        assertThat(task.get("hops").asInt()).isEqualTo(1);
        assertThat(task.get("route").toString()).isEqualTo("[\"root\",\"1\"]");
        assertThat(task.get("usage").get("completion_tokens").asInt()).isBetween(1, 24);
        assertThat(task.get("finish_reason").asText()).isIn("stop", "length");

        // the same task id is remembered
        HttpResponse<String> again =
                get(secured, "/api/v1/tasks/" + task.get("id").asText(), "Authorization", "Bearer " + TOKEN);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("output").asText())
                .isEqualTo(task.get("output").asText());
    }

    @Test
    void otherTaskTypesBuildAPromptAndClassifyNeedsClasses() throws Exception {
        HttpResponse<String> summary = authed(
                "/api/v1/tasks",
                "{\"model\":\"" + MODEL + "\",\"task\":\"summarize\","
                        + "\"input\":\"Tom had a red ball. He played with it all day.\",\"parameters\":{\"max_tokens\":16}}");
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        assertThat(json(summary).get("task").asText()).isEqualTo("summarize");

        JsonNode error = platformError(
                authed(
                        "/api/v1/tasks",
                        "{\"model\":\"" + MODEL + "\",\"task\":\"classify\"," + "\"input\":\"a text\"}"),
                400,
                "invalid_request");
        assertThat(error.get("message").asText()).contains("'options.classes'");
        error = platformError(
                authed("/api/v1/tasks", "{\"model\":\"" + MODEL + "\",\"task\":\"poetry\",\"input\":\"x\"}"),
                400,
                "invalid_request");
        assertThat(error.get("message").asText()).contains("'task'").contains("generate");
    }

    @Test
    void anAsyncTaskAnswers202AndItsResultCanBeFetched() throws Exception {
        String body = generateTask("The little dog", 16).replace("}}", "},\"async\":true}");
        HttpResponse<String> accepted = authed("/api/v1/tasks", body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted).get("id").asText();
        assertThat(json(accepted).get("status").asText()).isEqualTo("running");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/tasks/" + id);

        JsonNode task = Eventually.eventually(Duration.ofSeconds(60), () -> {
            HttpResponse<String> polled = get(secured, "/api/v1/tasks/" + id, "Authorization", "Bearer " + TOKEN);
            assertThat(polled.statusCode()).isEqualTo(200);
            JsonNode polledTask = json(polled);
            assertThat(polledTask.get("status").asText()).isNotEqualTo("running");
            return polledTask;
        });
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.get("output").asText()).isNotBlank();
        assertThat(task.get("node").asText()).isEqualTo("1");
    }

    @Test
    void unknownTaskIdsAndPathsAre404WrongMethods405() throws Exception {
        platformError(get(secured, "/api/v1/tasks/no-such-task", "Authorization", "Bearer " + TOKEN), 404, "not_found");
        platformError(get(secured, "/api/v1/nothing-here"), 404, "not_found");
        platformError(get(secured, "/favicon.ico"), 404, "not_found");
        openAiError(get(secured, "/v1/nothing-here"), 404);

        HttpResponse<String> wrongMethod = get(secured, "/api/v1/tasks");
        platformError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postModels = post(secured, "/v1/models", "{}");
        assertThat(openAiError(postModels, 405).get("type").asText()).isEqualTo("invalid_request_error");
        platformError(post(secured, "/api/v1/nodes", "{}"), 405, "method_not_allowed");
    }

    @Test
    void jobsAndLedgersAreServedByTheCoordinatorsServices() throws Exception {
        HttpResponse<String> jobs = get(secured, "/api/v1/jobs", "Authorization", "Bearer " + TOKEN);
        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
        assertThat(JSON.readTree(jobs.body()).isObject()
                        || JSON.readTree(jobs.body()).isArray())
                .isTrue();
        platformError(post(secured, "/api/v1/jobs", "{}"), 401, "unauthorized");
        HttpResponse<String> ledgers = get(secured, "/api/v1/ledgers", "Authorization", "Bearer " + TOKEN);
        assertThat(ledgers.statusCode()).as(ledgers.body()).isEqualTo(200);
        platformError(get(secured, "/api/v1/jobsx"), 404, "not_found");
    }

    // ---- safety

    @Test
    void generatingEndpointsNeedTheBearerToken() throws Exception {
        String task = generateTask("Hello", 4);
        HttpResponse<String> none = post(secured, "/api/v1/tasks", task);
        platformError(none, 401, "unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        platformError(post(secured, "/api/v1/tasks", task, "Authorization", "Bearer wrong-token"), 401, "unauthorized");
        platformError(
                post(secured, "/api/v1/tasks", task, "Authorization", "Bearer " + TOKEN + "x"), 401, "unauthorized");
        platformError(post(secured, "/api/v1/tasks", task, "Authorization", "Basic " + TOKEN), 401, "unauthorized");
        platformError(get(secured, "/api/v1/tasks/some-id"), 401, "unauthorized");

        String chat =
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4}";
        JsonNode error = openAiError(post(secured, "/v1/chat/completions", chat), 401);
        assertThat(error.get("type").asText()).isEqualTo("authentication_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        openAiError(
                post(
                        secured,
                        "/v1/completions",
                        "{\"model\":\"" + MODEL + "\",\"prompt\":\"Hi\"}",
                        "Authorization",
                        "Bearer nope"),
                401);

        // once a token is set, reads need it too (slm.http.auth = all, the default); with it everything works
        for (String read : List.of(
                "/api/v1/nodes",
                "/api/v1/topology",
                "/api/v1/models",
                "/api/v1/jobs",
                "/api/v1/jobs/some-job",
                "/api/v1/ledgers",
                "/api/v1/ledgers/" + MODEL,
                "/metrics")) {
            platformError(get(secured, read), 401, "unauthorized");
        }
        openAiError(get(secured, "/v1/models"), 401);
        assertThat(get(secured, "/api/v1/nodes", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(secured, "/v1/models", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(authed("/api/v1/tasks", task).statusCode()).isEqualTo(200);
        assertThat(authed("/v1/chat/completions", chat).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensListedByHashHaveRolesAndManagementChangesNeedAdmin() throws Exception {
        String reader = "reader-token-abcdef";
        String generator = "generator-token-abcdef";
        String admin = "admin-token-abcdef";
        ApiSettings settings = ApiSettings.fromConfig(
                com.typesafe.config.ConfigFactory.parseString("slm.http.port = 0\n"
                        + "slm.http.tokens = [\n"
                        + "  { role = read, sha256 = \"" + org.slmcluster.runtime.digest.Sha256.hex(reader) + "\" }\n"
                        + "  { role = generate, sha256 = \"" + org.slmcluster.runtime.digest.Sha256.hex(generator)
                        + "\" }\n"
                        + "  { role = admin, sha256 = \"" + org.slmcluster.runtime.digest.Sha256.hex(admin) + "\" }\n"
                        + "]\n"),
                Map.of());
        // what may end up in a log names neither a token nor its hash
        assertThat(settings.toString())
                .doesNotContain(reader)
                .doesNotContain(org.slmcluster.runtime.digest.Sha256.hex(reader))
                .contains("tokens=3");
        ApiServer roles =
                ApiServer.start(cluster.coordinator().system(), settings, services.jobs(), services.collections());
        ApiServer readsOpen = ApiServer.start(
                cluster.coordinator().system(),
                settings.withAccess(settings.access().withReadsOpen(true)),
                services.jobs(),
                services.collections());
        ManagementServer rolesManagement =
                ManagementServer.start(cluster.coordinator().system(), settings, 0);
        try {
            String task = generateTask("Hello", 4);
            // read: every GET, nothing that generates or changes
            assertThat(get(roles, "/api/v1/nodes", "Authorization", "Bearer " + reader)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get(roles, "/api/v1/ledgers", "Authorization", "Bearer " + reader)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(platformError(
                                    post(roles, "/api/v1/tasks", task, "Authorization", "Bearer " + reader),
                                    403,
                                    "forbidden")
                            .get("message")
                            .asText())
                    .contains("role generate")
                    .contains("has role read");
            // generate: tasks and chat, but no jobs
            assertThat(post(roles, "/api/v1/tasks", task, "Authorization", "Bearer " + generator)
                            .statusCode())
                    .isEqualTo(200);
            platformError(post(roles, "/api/v1/jobs", "{}", "Authorization", "Bearer " + generator), 403, "forbidden");
            // admin: everything (an empty job body is refused for its content, not for the token)
            platformError(
                    post(roles, "/api/v1/jobs", "{}", "Authorization", "Bearer " + admin), 400, "invalid_request");
            platformError(get(roles, "/api/v1/nodes"), 401, "unauthorized");
            platformError(get(roles, "/api/v1/nodes", "Authorization", "Bearer " + reader + "x"), 401, "unauthorized");

            // slm.http.auth = mutating: reads open, generating still needs a token
            assertThat(get(readsOpen, "/api/v1/nodes").statusCode()).isEqualTo(200);
            assertThat(get(readsOpen, "/v1/models").statusCode()).isEqualTo(200);
            platformError(post(readsOpen, "/api/v1/tasks", task), 401, "unauthorized");

            // management: health checks open, reads need a token, leave/down need admin
            HttpRequest.Builder members =
                    HttpRequest.newBuilder(rolesManagement.baseUri().resolve("/cluster/members"));
            assertThat(http.send(members.copy().GET().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.send(
                                    members.copy()
                                            .header("Authorization", "Bearer " + reader)
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    rolesManagement.baseUri().resolve("/alive"))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            String member = java.net.URLEncoder.encode(
                    cluster.member("0").address().toString(), java.nio.charset.StandardCharsets.UTF_8);
            for (String operation : List.of("leave", "down")) {
                HttpRequest.Builder change = HttpRequest.newBuilder(
                                rolesManagement.baseUri().resolve("/cluster/members/" + member))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("operation=" + operation));
                for (String lesser : List.of(reader, generator)) {
                    platformError(
                            http.send(
                                    change.copy()
                                            .header("Authorization", "Bearer " + lesser)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()),
                            403,
                            "forbidden");
                }
                platformError(http.send(change.build(), HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
            }
            HttpResponse<String> unknownOperation = http.send(
                    HttpRequest.newBuilder(rolesManagement.baseUri().resolve("/cluster/members/" + member))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Authorization", "Bearer " + admin)
                            .PUT(HttpRequest.BodyPublishers.ofString("operation=no-such-operation"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // the admin token reaches Pekko Management, which refuses the unknown operation; nobody left
            assertThat(unknownOperation.statusCode())
                    .as(unknownOperation.body())
                    .isEqualTo(400);
            assertThat(cluster.member("0").isUp()).isTrue();
        } finally {
            roles.stop();
            readsOpen.stop();
            rolesManagement.stop();
        }
    }

    @Test
    void withoutATokenTheApiRefusesToListenBeyondLoopback() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.start(
                        cluster.coordinator().system(),
                        new ApiSettings("0.0.0.0", 0, null, MAX_BODY, Duration.ofSeconds(5), 10, AccessPolicy.OPEN),
                        services.jobs(),
                        services.collections()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLM_TOKEN");
    }

    @Test
    void withoutATokenTheApiIsOpen() throws Exception {
        HttpResponse<String> response =
                post(open, "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Once\",\"max_tokens\":4}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(open.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "{\"model\":\"" + MODEL + "\",\"input\":\"" + "a".repeat((int) MAX_BODY) + "\"}";
        platformError(authed("/api/v1/tasks", big), 413, "payload_too_large");
        HttpResponse<String> openAi = authed(
                "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + "a".repeat((int) MAX_BODY) + "\"}");
        assertThat(openAiError(openAi, 413).get("code").asText()).isEqualTo("payload_too_large");
        // without a Content-Length (chunked) the limit holds too
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(secured.baseUri().resolve("/api/v1/tasks"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                                big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        platformError(chunked, 413, "payload_too_large");
        // just under the limit is read (and then refused for its content, not its size: 'pad' is no field)
        String justUnder =
                "{\"model\":\"" + MODEL + "\",\"input\":\"\",\"pad\":\"" + "a".repeat((int) MAX_BODY - 60) + "\"}";
        assertThat(justUnder.length()).isLessThan((int) MAX_BODY);
        assertThat(platformError(authed("/api/v1/tasks", justUnder), 400, "invalid_request")
                        .get("message")
                        .asText())
                .contains("'pad' is not a recognized field");
    }

    @Test
    void aPromptTooLargeForTheTransportIs413NamingTheLimitAtOnce() throws Exception {
        // under the API's 1 MiB body limit, over Artery's 256 KiB frame: it could never reach a worker
        String prompt = "a".repeat(900 * 1024);
        JsonNode error = platformError(
                post(
                        open,
                        "/api/v1/tasks",
                        "{\"model\":\"" + MODEL + "\",\"task\":\"generate\",\"input\":\"" + prompt + "\"}"),
                413,
                "payload_too_large");
        assertThat(error.get("message").asText())
                .contains("prompt of " + prompt.length() + " bytes")
                .contains((256 * 1024 - TransportLimit.ENVELOPE_HEADROOM) + " bytes a task can carry")
                .contains(TransportLimit.FRAME_SIZE_KEY);
        String streamed = "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
        assertThat(openAiError(post(open, "/v1/chat/completions", streamed), 413)
                        .get("message")
                        .asText())
                .contains("bytes a task can carry");
        // the server and the cluster go on serving
        assertThat(post(open, "/api/v1/tasks", generateTask("Once upon a time", 4))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPromptLongerThanTheContextIs400NamingTheLimit() throws Exception {
        String prompt = "Once upon a time there was a little girl. ".repeat(400);
        JsonNode error = platformError(post(open, "/api/v1/tasks", generateTask(prompt, 4)), 400, "invalid_request");
        assertThat(error.get("message").asText())
                .contains("does not fit the context of 2048 tokens")
                .contains(MODEL);
        JsonNode openAi = openAiError(
                post(
                        open,
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                                + "\"}]}"),
                400);
        assertThat(openAi.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(openAi.get("message").asText()).contains("does not fit the context of 2048 tokens");
    }

    @Test
    void malformedJsonAndBadFieldsAre400NamingTheField() throws Exception {
        assertThat(platformError(authed("/api/v1/tasks", "{\"model\": "), 400, "invalid_request")
                        .get("message")
                        .asText())
                .contains("malformed JSON");
        platformError(authed("/api/v1/tasks", "[1,2]"), 400, "invalid_request");
        assertThat(platformError(authed("/api/v1/tasks", "{\"input\":\"x\"}"), 400, "invalid_request")
                        .get("message")
                        .asText())
                .contains("'model'")
                .contains("required");
        assertThat(platformError(authed("/api/v1/tasks", "{\"model\":\"" + MODEL + "\"}"), 400, "invalid_request")
                        .get("message")
                        .asText())
                .contains("'input'");
        assertThat(platformError(
                                authed(
                                        "/api/v1/tasks",
                                        "{\"model\":\"" + MODEL + "\",\"input\":\"x\","
                                                + "\"parameters\":{\"temperature\":-1}}"),
                                400,
                                "invalid_request")
                        .get("message")
                        .asText())
                .contains("'parameters.temperature'");
        assertThat(platformError(
                                authed(
                                        "/api/v1/tasks",
                                        "{\"model\":\"" + MODEL + "\",\"input\":\"x\","
                                                + "\"parameters\":{\"max_tokens\":\"many\"}}"),
                                400,
                                "invalid_request")
                        .get("message")
                        .asText())
                .contains("'parameters.max_tokens'");

        JsonNode error = openAiError(authed("/v1/chat/completions", "{\"model\":\"" + MODEL + "\"}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("messages");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        error = openAiError(
                authed(
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"wizard\"," + "\"content\":\"x\"}]}"),
                400);
        assertThat(error.get("param").asText()).isEqualTo("messages[0].role");
        error = openAiError(
                authed("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"top_p\":0}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("top_p");
        error = openAiError(
                authed(
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"x\"}],\"tools\":[]}"),
                400);
        assertThat(error.get("param").asText()).isEqualTo("tools");
        error = openAiError(authed("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"n\":2}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("n");
        assertThat(openAiError(authed("/v1/completions", "not json"), 400)
                        .get("message")
                        .asText())
                .contains("malformed JSON");
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        assertThat(platformError(
                                authed("/api/v1/tasks", "{\"model\":\"no-such-model\",\"input\":\"x\"}"),
                                404,
                                "model_not_found")
                        .get("message")
                        .asText())
                .contains("no-such-model");
        JsonNode error = openAiError(
                authed(
                        "/v1/chat/completions",
                        "{\"model\":\"no-such-model\",\"messages\":" + "[{\"role\":\"user\",\"content\":\"x\"}]}"),
                404);
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("param").asText()).isEqualTo("model");
    }

    @Test
    void aTaskPastItsDeadlineIs504() throws Exception {
        String body = generateTask("Once upon a time", 64).replace("}}", "},\"timeout_ms\":1}");
        platformError(authed("/api/v1/tasks", body), 504, "timeout");
    }

    @Test
    void aBurstBeyondTheWorkersQueueGets429WithRetryAfter() throws Exception {
        String body = generateTask("Once upon a time there was", 200);
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(http.sendAsync(
                    HttpRequest.newBuilder(secured.baseUri().resolve("/api/v1/tasks"))
                            .timeout(Duration.ofSeconds(120))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : burst) {
            responses.add(response.get(120, TimeUnit.SECONDS));
        }
        assertThat(responses)
                .extracting(HttpResponse::statusCode)
                .containsOnly(200, 429)
                .contains(200, 429);
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 429) {
                platformError(response, 429, "overloaded");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            }
        }
    }

    // ---- OpenAI-compatible

    @Test
    void openAiModelsListsTheClustersModels() throws Exception {
        HttpResponse<String> response = get(secured, "/v1/models", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data")).hasSize(1);
        assertThat(body.get("data").get(0).get("id").asText()).isEqualTo(MODEL);
        assertThat(body.get("data").get(0).get("object").asText()).isEqualTo("model");
    }

    @Test
    void chatCompletionHasOpenAisShapeAndUsage() throws Exception {
        HttpResponse<String> response = authed(
                "/v1/chat/completions",
                "{\"model\":\"" + MODEL + "\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"You tell stories.\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"Tell me a story\"}]}],\"max_tokens\":12,\"temperature\":0}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo(MODEL);
        assertThat(body.get("created").asLong()).isPositive();
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").isTextual()).isTrue();
        assertThat(choice.get("finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 12);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
        assertThat(response.headers().firstValue("X-SLM-Node")).hasValue("1");
    }

    @Test
    void completionHasTheTextCompletionShape() throws Exception {
        HttpResponse<String> response = authed(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":[\"Once upon a time\"],"
                        + "\"max_tokens\":10,\"temperature\":0}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("text_completion");
        assertThat(body.get("choices").get(0).get("text").asText()).isNotEmpty();
        assertThat(body.get("usage").get("completion_tokens").asInt()).isBetween(1, 10);
    }

    /** Splits a server-sent event stream into the data of its events; every event must be one data line. */
    static List<String> events(String stream) {
        assertThat(stream).endsWith("\n\n");
        List<String> data = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    @Test
    void streamedChatIsServerSentChunksThenDone() throws Exception {
        String request =
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],"
                        + "\"max_tokens\":30,\"temperature\":0,\"seed\":3";
        HttpResponse<String> whole = authed("/v1/chat/completions", request + "}");
        String expected =
                json(whole).get("choices").get(0).get("message").get("content").asText();

        HttpResponse<String> response = authed(
                "/v1/chat/completions", request + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> data = events(response.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String item : data.subList(0, data.size() - 1)) {
            chunks.add(JSON.readTree(item));
        }
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asText())
                    .isEqualTo(chunks.get(0).get("id").asText());
            assertThat(chunk.get("model").asText()).isEqualTo(MODEL);
        });
        JsonNode first = chunks.get(0).get("choices").get(0);
        assertThat(first.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("finish_reason").isNull()).isTrue();

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isBetween(1, 30);
        JsonNode last = chunks.get(chunks.size() - 2).get("choices").get(0);
        assertThat(last.get("finish_reason").asText()).isIn("stop", "length");
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 2)) {
            JsonNode choice = chunk.get("choices").get(0);
            assertThat(choice.get("finish_reason").isNull()).isTrue();
            text.append(choice.get("delta").path("content").asText(""));
        }
        assertThat(chunks.size()).isGreaterThan(3);
        // greedy decoding: streamed and whole answers are the same text
        assertThat(text.toString()).isEqualTo(expected);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstWordIsAPlainHttpError() throws Exception {
        HttpResponse<String> response = authed(
                "/v1/chat/completions",
                "{\"model\":\"no-such-model\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response).get("error").get("message").asText()).contains("no-such-model");
    }

    @Test
    void aStreamedCompletionEndsWithDoneAndNoUsageUnlessAsked() throws Exception {
        HttpResponse<String> response = authed(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"The cat\"," + "\"max_tokens\":12,\"stream\":true}");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = events(response.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        JsonNode last = JSON.readTree(data.get(data.size() - 2));
        assertThat(last.get("object").asText()).isEqualTo("text_completion");
        assertThat(last.get("choices").get(0).get("finish_reason").asText()).isIn("stop", "length");
        for (String item : data.subList(0, data.size() - 1)) {
            assertThat(JSON.readTree(item).has("usage")).isFalse();
        }
    }

    @Test
    void theProjectsOpenAiClientGetsACompletionThroughTheCluster() throws Exception {
        ModelSpec spec = ModelSpec.openAi("via-cluster", secured.baseUri().toString(), TOKEN, MODEL);
        try (OpenAiCompatibleEngine engine = new OpenAiCompatibleEngine(spec)) {
            engine.load();
            GenerationParameters parameters = new GenerationParameters(20, 0.0, 1.0, 11L, List.of());
            GenerationResult completion = engine.generate(GenerationRequest.completion("Once upon a time", parameters));
            assertThat(completion.text()).isNotBlank();
            assertThat(completion.outputTokens()).isBetween(1, 20);

            GenerationRequest chat =
                    GenerationRequest.chat(List.of(ChatMessage.user("Tell me about a cat")), parameters);
            GenerationResult whole = engine.generate(chat);
            StringBuilder pieces = new StringBuilder();
            List<String> tokens = new ArrayList<>();
            Consumer<String> onToken = piece -> {
                tokens.add(piece);
                pieces.append(piece);
            };
            GenerationResult streamed = engine.stream(chat, onToken);
            assertThat(streamed.text()).isEqualTo(whole.text());
            assertThat(pieces.toString()).isEqualTo(whole.text());
            assertThat(streamed.outputTokens()).isEqualTo(whole.outputTokens());
            if (!whole.text().isBlank()) {
                assertThat(tokens).isNotEmpty();
            }
        }
    }

    // ---- Pekko Management

    @Test
    void managementListsMembersAndAnswersHealthChecks() throws Exception {
        platformError(
                http.send(
                        HttpRequest.newBuilder(management.baseUri().resolve("/cluster/members"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString()),
                401,
                "unauthorized");
        HttpResponse<String> members = http.send(
                HttpRequest.newBuilder(management.baseUri().resolve("/cluster/members"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(members.statusCode()).as(members.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(members.body());
        assertThat(body.get("members")).hasSize(3);
        assertThat(body.get("selfNode").asText())
                .isEqualTo(cluster.coordinator().address().toString());
        for (String check : List.of("/ready", "/alive")) {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(management.baseUri().resolve(check))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(check + ": " + health.body()).isEqualTo(200);
        }
    }

    @Test
    void clusterChangesThroughManagementNeedTheToken() throws Exception {
        String member = java.net.URLEncoder.encode(
                cluster.member("0").address().toString(), java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder change = HttpRequest.newBuilder(management.baseUri().resolve("/cluster/members/" + member))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("operation=no-such-operation"));
        platformError(http.send(change.build(), HttpResponse.BodyHandlers.ofString()), 401, "unauthorized");
        platformError(
                http.send(
                        change.copy().header("Authorization", "Bearer wrong").build(),
                        HttpResponse.BodyHandlers.ofString()),
                401,
                "unauthorized");
        // with the token the request reaches Pekko Management (read-write), which refuses the unknown operation
        HttpResponse<String> authorized = http.send(
                change.copy().header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(400);
        assertThat(cluster.member("0").isUp()).isTrue();
    }

    @Test
    void nodeEndpointsServeManagementEverywhereAndTheApiOnTheCoordinator() throws Exception {
        ApiSettings settings = ApiSettings.defaults().withPort(0).withToken(TOKEN);
        try (NodeEndpoints worker = NodeEndpoints.serve(cluster.member("1"), settings, false, 0);
                NodeEndpoints coordinator = NodeEndpoints.serve(cluster.coordinator(), settings, true, 0)) {
            assertThat(worker.api()).isEmpty();
            HttpResponse<String> alive = http.send(
                    HttpRequest.newBuilder(
                                    worker.management().orElseThrow().baseUri().resolve("/alive"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(alive.statusCode()).isEqualTo(200);

            ApiServer api = Eventually.eventually(
                    Duration.ofSeconds(20), () -> coordinator.api().orElseThrow());
            assertThat(get(api, "/v1/models", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    // ---- metrics

    static final Pattern SAMPLE =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|NaN|\\+Inf|-Inf)");

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        assertThat(authed("/api/v1/tasks", generateTask("A bird", 8)).statusCode())
                .isEqualTo(200);
        authed("/api/v1/tasks", "{\"model\":\"missing-model\",\"input\":\"x\"}");

        HttpResponse<String> response = get(secured, "/metrics", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        String text = response.body();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line).matches(SAMPLE);
            }
        }
        assertThat(text).containsPattern("(?m)^slm_tasks_total\\{model=\"stories260k\",node=\"1\"\\} [1-9][0-9]*$");
        assertThat(text)
                .containsPattern(
                        "(?m)^slm_task_errors_total\\{model=\"missing-model\",kind=\"unknown_model\"\\} [1-9]");
        assertThat(text)
                .containsPattern(
                        "(?m)^slm_task_latency_seconds_bucket\\{model=\"stories260k\",node=\"1\",le=\"\\+Inf\"\\} [1-9]");
        assertThat(text).containsPattern("(?m)^slm_task_hops_bucket\\{model=\"stories260k\",node=\"1\",le=\"0\"\\} 0$");
        assertThat(text).containsPattern("(?m)^slm_generated_tokens_total\\{model=\"stories260k\",node=\"1\"\\} [1-9]");
        assertThat(text).containsPattern("(?m)^slm_cluster_members\\{status=\"Up\"\\} 3$");
        assertThat(text).containsPattern("(?m)^slm_worker_queue_depth\\{model=\"stories260k\",node=\"1\"\\} [0-9]+$");
        assertThat(text).containsPattern("(?m)^slm_tokens_per_second\\{model=\"stories260k\",node=\"1\"\\} [0-9.E-]+$");
        assertThat(text)
                .containsPattern("(?m)^slm_worker_ready\\{model=\"stories260k\",node=\"1\",state=\"READY\"\\} 1$");
        assertThat(text).containsPattern("(?m)^slm_http_responses_total\\{code=\"200\"\\} [1-9]");
        assertThat(text).contains("# TYPE slm_task_latency_seconds histogram");
        assertThat(text).containsPattern("(?m)^slm_dispatcher_tasks_total\\{outcome=\"completed\"\\} [1-9]");
    }
}
