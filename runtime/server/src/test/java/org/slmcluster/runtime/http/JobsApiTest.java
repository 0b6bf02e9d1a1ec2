package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.jobs.JobManager;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.IntegrationTest;

/**
 * {@code /api/v1/jobs} and {@code /api/v1/ledgers} over real HTTP against a running cluster (stories260K on
 * node 1) with a job manager and a token: status codes, error shapes, the progress and ledger JSON.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class JobsApiTest {

    static final String MODEL = "stories260k";
    static final String TOKEN = "jobs-token-0123456789";
    static final String AUTH = "Bearer " + TOKEN;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static EmbeddedCluster cluster;
    static Ledgers ledgers;
    static JobManager jobs;
    static ApiServer server;
    static Coordinator services;
    static HttpClient http;
    static String finishedJob;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("1", List.of(MODEL)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"));
        try {
            cluster.awaitUp(Duration.ofSeconds(60));
            services = Coordinator.open(cluster.coordinator(), data, EvaluationOptions.skippingEncoderMetrics());
            ledgers = services.ledgers();
            jobs = services.jobs();
            server = services.serveApi(ApiSettings.defaults().withPort(0).withToken(TOKEN));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        if (cluster != null) {
            cluster.stop();
        }
    }

    static HttpResponse<String> send(String method, String path, String body, boolean authorized) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorized) {
            request.header("Authorization", AUTH);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String type, String messagePart)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).contains(messagePart);
    }

    static JsonNode awaitFinished(String id) throws Exception {
        return Eventually.eventually(Duration.ofSeconds(90), () -> {
            JsonNode job = json(send("GET", "/api/v1/jobs/" + id, null, true));
            assertThat(job.path("state").asText()).as("state of job " + id).isNotEqualTo("running");
            return job;
        });
    }

    @Test
    @Order(1)
    void startingAJobNeedsTheTokenAndAValidBody() throws Exception {
        String body = "{\"suite\":\"smoke\",\"models\":[\"" + MODEL + "\"]}";
        assertError(send("POST", "/api/v1/jobs", body, false), 401, "unauthorized", "Bearer");
        assertError(
                send("POST", "/api/v1/jobs", "{\"models\":[\"" + MODEL + "\"]}", true),
                400,
                "invalid_request",
                "'suite' is required");
        assertError(send("POST", "/api/v1/jobs", "{\"suite\":\"smoke\"}", true), 400, "invalid_request", "'models'");
        assertError(
                send(
                        "POST",
                        "/api/v1/jobs",
                        "{\"suite\":\"smoke\",\"models\":\"" + MODEL + "\",\"seeds\":[\"x\"]}",
                        true),
                400,
                "invalid_request",
                "'seeds[0]'");
        assertError(
                send("POST", "/api/v1/jobs", "{\"suite\":\"no-such-suite\",\"models\":[\"" + MODEL + "\"]}", true),
                400,
                "invalid_suite",
                "no-such-suite");
        assertError(
                send("POST", "/api/v1/jobs", "{\"suite\":\"smoke\",\"models\":[\"nope\"]}", true),
                404,
                "not_found",
                "unknown model 'nope'");
        assertError(send("POST", "/api/v1/jobs", "{not json", true), 400, "invalid_request", "malformed JSON");
        assertThat(json(send("GET", "/api/v1/jobs", null, true)).path("jobs")).isEmpty();
    }

    @Test
    @Order(2)
    void aJobRunsToTheEndWithProgressAndPartialScores() throws Exception {
        HttpResponse<String> accepted =
                send("POST", "/api/v1/jobs", "{\"suite\":\"smoke\",\"models\":\"" + MODEL + "\"}", true);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted).path("id").asText();
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
        assertThat(json(accepted).path("total").asInt()).isPositive();

        JsonNode job = awaitFinished(id);
        assertThat(job.path("state").asText()).isIn("completed", "completed_with_failures");
        assertThat(job.path("id").asText()).isEqualTo(id);
        assertThat(job.path("suite").asText()).isEqualTo("smoke");
        assertThat(job.path("done").asInt() + job.path("failed").asInt())
                .isEqualTo(job.path("total").asInt());
        assertThat(job.path("models")
                        .path(MODEL)
                        .path("translation")
                        .path("total")
                        .asInt())
                .isEqualTo(3);
        // the smoke suite has no judge: no verdict failed
        assertThat(job.path("judge_failures").isObject()).isTrue();
        assertThat(job.path("judge_failures").isEmpty()).isTrue();
        JsonNode scores = job.path("scores").path(MODEL);
        JsonNode translation = null;
        for (JsonNode task : scores) {
            if (task.path("task").asText().equals("translation")) {
                translation = task;
            }
        }
        assertThat(translation).isNotNull();
        assertThat(translation.path("kind").asText()).isEqualTo("translation");
        assertThat(translation.path("count").asInt()).isEqualTo(3);
        JsonNode bleu = translation.path("metrics").path("bleu");
        assertThat(bleu.path("mean").asDouble())
                .isBetween(bleu.path("ci_low").asDouble(), bleu.path("ci_high").asDouble());
        assertThat(translation.path("latency_p50_ms").asDouble()).isPositive();

        JsonNode list = json(send("GET", "/api/v1/jobs", null, true));
        assertThat(list.path("jobs").findValuesAsText("id")).containsExactly(id);
        finishedJob = id;
    }

    @Test
    @Order(3)
    void cancellingNeedsTheTokenAndARunningJob() throws Exception {
        assertError(send("DELETE", "/api/v1/jobs/" + finishedJob, null, false), 401, "unauthorized", "Bearer");
        assertError(send("DELETE", "/api/v1/jobs/" + finishedJob, null, true), 409, "conflict", "not running");
        assertError(send("DELETE", "/api/v1/jobs/no-such-job", null, true), 404, "not_found", "no job 'no-such-job'");
        assertError(send("GET", "/api/v1/jobs/no-such-job", null, true), 404, "not_found", "no job 'no-such-job'");

        // twenty seeds: hundreds of generations, far from done when the DELETE arrives
        StringBuilder seeds = new StringBuilder();
        for (int seed = 1; seed <= 20; seed++) {
            seeds.append(seed == 1 ? "" : ",").append(seed);
        }
        HttpResponse<String> accepted = send(
                "POST",
                "/api/v1/jobs",
                "{\"suite\":\"smoke\",\"models\":[\"" + MODEL + "\"],\"seeds\":[" + seeds + "]}",
                true);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = json(accepted).path("id").asText();
        HttpResponse<String> cancelled = send("DELETE", "/api/v1/jobs/" + id, null, true);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).path("cancelled").asBoolean()).isTrue();
        JsonNode job = awaitFinished(id);
        assertThat(job.path("state").asText()).isEqualTo("cancelled");
        assertThat(job.path("done").asInt()).isLessThan(job.path("total").asInt());
    }

    @Test
    @Order(4)
    void ledgersListModelsAndSummariseOneModel() throws Exception {
        HttpResponse<String> list = send("GET", "/api/v1/ledgers", null, true);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode ledgers = json(list).path("ledgers");
        assertThat(ledgers).hasSize(1);
        assertThat(ledgers.get(0).path("model").asText()).isEqualTo(MODEL);
        assertThat(ledgers.get(0).path("items").asInt()).isPositive();
        assertThat(ledgers.get(0).path("tasks").findValuesAsText("task")).isEmpty();
        assertThat(JSON.convertValue(ledgers.get(0).path("tasks"), List.class))
                .contains("translation", "classification");

        HttpResponse<String> one = send("GET", "/api/v1/ledgers/" + MODEL, null, true);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode view = json(one);
        assertThat(view.path("model").asText()).isEqualTo(MODEL);
        assertThat(view.path("items").asInt())
                .isEqualTo(ledgers.get(0).path("items").asInt());
        JsonNode classification = null;
        for (JsonNode task : view.path("tasks")) {
            if (task.path("task").asText().equals("classification")) {
                classification = task;
            }
        }
        assertThat(classification).isNotNull();
        assertThat(classification.path("corpus").has("macro-f1")).isTrue();
        assertThat(classification.path("adherence").size()).isPositive();

        assertError(send("GET", "/api/v1/ledgers/no-such-model", null, true), 404, "not_found", "no-such-model");
        assertError(send("POST", "/api/v1/ledgers", "{}", true), 405, "method_not_allowed", "GET");
    }

    @Test
    @Order(5)
    void eachJobAddsAPointToTheModelsScoreHistoryAndScoresAreGauges() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/ledgers/" + MODEL + "/history", null, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode points = json(response).path("points");
        // the completed job and the cancelled one, oldest first
        assertThat(points).hasSize(2);
        JsonNode first = points.get(0);
        assertThat(first.path("job").asText()).isEqualTo(finishedJob);
        assertThat(first.path("suite").asText()).isEqualTo("smoke");
        assertThat(first.path("version").asText()).matches("[0-9a-f]{64}");
        assertThat(java.time.Instant.parse(first.path("at").asText()))
                .isBeforeOrEqualTo(
                        java.time.Instant.parse(points.get(1).path("at").asText()));
        JsonNode bleu = first.path("tasks").path("translation").path("metrics").path("bleu");
        assertThat(bleu.path("count").asInt()).isEqualTo(3);
        assertThat(bleu.path("mean").asDouble())
                .isBetween(bleu.path("ci_low").asDouble(), bleu.path("ci_high").asDouble());
        // durable: the series is read back from the data directory
        assertThat(new org.slmcluster.runtime.ledger.ScoreHistory(data).series(MODEL))
                .hasSize(2);
        assertError(
                send("GET", "/api/v1/ledgers/no-such-model/history", null, true), 404, "not_found", "no-such-model");

        String metrics = send("GET", "/metrics", null, true).body();
        String version = first.path("version").asText();
        JsonNode ledgerBleu = null;
        for (JsonNode task :
                json(send("GET", "/api/v1/ledgers/" + MODEL, null, true)).path("tasks")) {
            if (task.path("task").asText().equals("translation")) {
                ledgerBleu = task.path("metrics").path("bleu");
            }
        }
        assertThat(ledgerBleu).isNotNull();
        java.util.regex.Matcher score = java.util.regex.Pattern.compile(
                        "(?m)^slm_ledger_score\\{metric=\"bleu\",model=\"" + MODEL
                                + "\",task=\"translation\",version=\"" + version + "\"} (\\S+)$")
                .matcher(metrics);
        assertThat(score.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(score.group(1)))
                .isCloseTo(ledgerBleu.path("mean").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(metrics)
                .containsPattern("slm_ledger_score_ci_low\\{metric=\"bleu\",model=\"" + MODEL + "\"")
                .containsPattern("slm_ledger_items\\{model=\"" + MODEL + "\",task=\"translation\"");
    }
}
