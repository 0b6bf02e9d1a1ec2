package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.EvaluationOptions;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.Coordinator;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.HeadlessChromium;
import org.slmcluster.testing.IntegrationTest;

/**
 * The {@code /ui} dashboard in headless Chromium against a running 7-member cluster (arity 2, depth 2; every
 * member serving its management port and metrics) with a read token: after a job of the smoke suite on
 * stories260K and llama-2-tiny-random, the rendered page shows the 7 members Up, both models, the job's
 * progress, a leaderboard and the comparison of the two runs, without console errors. A screenshot is saved
 * to {@code target/ui-screenshot.png} for people to look at. Chromium is required (Debian: {@code chromium}).
 */
@IntegrationTest
class DashboardChromiumTest {

    static final String STORIES = "stories260k";
    static final String TINY = "llama-2-tiny-random";
    static final String TOKEN = "dashboard-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);
    // scripts fetch and render before the DOM is dumped: network waits do not use up virtual time
    private static final String VIRTUAL_TIME = "--virtual-time-budget=20000";

    @TempDir
    static Path data;

    @TempDir
    static Path browserDir;

    static EmbeddedCluster cluster;
    static final List<NodeEndpoints> endpoints = new ArrayList<>();
    static Coordinator services;
    static ApiServer server;
    static HttpClient http;
    static String jobId;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(
                2,
                2,
                Map.of("00", List.of(STORIES), "11", List.of(TINY)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(ApiServerTest.clusterConf())
                        .withSettings(
                                "pekko.cluster.seed-node-timeout = 3s\npekko.cluster.retry-unsuccessful-join-after = 2s\n"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            cluster.awaitUp(Duration.ofSeconds(90));
            ApiSettings settings = ApiSettings.defaults().withPort(0).withToken(TOKEN);
            for (NodeRuntime member : cluster.members()) {
                endpoints.add(NodeEndpoints.serve(member, settings, false, 0));
            }
            services = Coordinator.open(cluster.coordinator(), data, EvaluationOptions.skippingEncoderMetrics());
            server = services.serveApi(settings);
            Eventually.eventually(Duration.ofSeconds(30), () -> {
                assertThat(json(get("/api/v1/hosts", true)).path("hosts")).hasSize(7);
                return null;
            });
            HttpResponse<String> started = http.send(
                    request("/api/v1/jobs", true)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"suite\":\"smoke\",\"models\":[\"" + STORIES + "\",\"" + TINY + "\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            jobId = json(started).path("id").asText();
            Eventually.eventually(Duration.ofSeconds(180), () -> {
                JsonNode job = json(get("/api/v1/jobs/" + jobId, true));
                assertThat(job.path("state").asText()).isEqualTo("completed");
                return job;
            });
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
        endpoints.forEach(NodeEndpoints::close);
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void theStaticFilesNeedNoTokenAndTheDataDoes() throws Exception {
        HttpResponse<String> page = get("/ui/", false);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"app.js\"></script>").doesNotContain("http://", "https://");
        assertThat(get("/ui/app.js", false).statusCode()).isEqualTo(200);
        HttpResponse<String> bare = get("/ui", false);
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).contains("/ui/");
        assertThat(get("/ui/no-such-file.js", false).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/hosts", false).statusCode()).isEqualTo(401);
    }

    @Test
    void hostsListEveryMemberWithItsHostReadings() throws Exception {
        JsonNode hosts = json(get("/api/v1/hosts", true)).path("hosts");
        List<String> labels = new ArrayList<>();
        for (JsonNode host : hosts) {
            labels.add(host.path("label").asText());
            assertThat(host.has("error")).as(host.toString()).isFalse();
            assertThat(host.path("load_1m").isNumber()).as(host.toString()).isTrue();
            assertThat(host.path("memory_total_bytes").asDouble())
                    .as(host.toString())
                    .isPositive();
        }
        assertThat(labels).containsExactlyInAnyOrder("root", "0", "1", "00", "01", "10", "11");
    }

    @Test
    void compareNamesBadRunsAndComparesTheTwoModelsOfTheJob() throws Exception {
        HttpResponse<String> missing = get("/api/v1/compare?a=" + jobId + "%2F" + STORIES, true);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("'b'");
        HttpResponse<String> ambiguous = get("/api/v1/compare?a=" + jobId + "&b=" + jobId + "%2F" + TINY, true);
        assertThat(ambiguous.statusCode()).isEqualTo(404);
        assertThat(ambiguous.body()).contains("ran several models");

        JsonNode result =
                json(get("/api/v1/compare?a=" + jobId + "%2F" + STORIES + "&b=" + jobId + "%2F" + TINY, true));
        assertThat(result.path("a").asText()).isEqualTo(jobId + "/" + STORIES);
        assertThat(result.path("comparisons")).isNotEmpty();
        for (JsonNode c : result.path("comparisons")) {
            assertThat(c.path("shared").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(c.path("ci_low").asDouble())
                    .isLessThanOrEqualTo(c.path("ci_high").asDouble());
            assertThat(c.path("significant").asBoolean())
                    .isEqualTo(
                            c.path("ci_low").asDouble() > 0 || c.path("ci_high").asDouble() < 0);
        }
    }

    @Test
    void chromiumShowsMembersModelsTheJobLeaderboardAndComparison() throws Exception {
        String url = server.baseUri().resolve("/ui/") + "#token=" + TOKEN;
        Rendered rendered = render(url);

        assertThat(rendered.stderr())
                .as("browser log")
                .doesNotContain("Uncaught")
                .doesNotContain("CONSOLE");
        String dom = rendered.dom();
        assertThat(count(dom, "<g class=\"member up[^\"]*\" data-label=\"[^\"]+\" data-status=\"Up\""))
                .as("members drawn Up in the overlay")
                .isEqualTo(7);
        assertThat(dom).contains("7 of 7 members up");
        assertThat(dom).contains("<tr data-model=\"" + STORIES + "\">", "<tr data-model=\"" + TINY + "\">");
        Matcher job = Pattern.compile(
                        "<tr data-job=\"" + Pattern.quote(jobId) + "\" data-state=\"completed\">(.*?)</tr>")
                .matcher(dom);
        assertThat(job.find()).as("the job's row").isTrue();
        assertThat(job.group(1)).contains("100%").containsPattern("<td class=\"num progress\">(\\d+) / \\1</td>");
        assertThat(count(dom, "<tr data-model=\"" + STORIES + "\" class=\"score\">"))
                .isPositive();
        assertThat(count(dom, "<tr data-model=\"" + TINY + "\" class=\"score\">"))
                .isPositive();
        // the two most recent runs are compared: this job's two models, in either order
        String run = Pattern.quote(jobId) + "/(" + Pattern.quote(STORIES) + "|" + Pattern.quote(TINY) + ")";
        assertThat(dom).containsPattern("A = " + run + ", B = " + run + ";");
        assertThat(count(dom, "<tr class=\"(significant)?\"><td>translation</td><td>bleu</td>"))
                .isEqualTo(1);
        assertThat(dom).contains("class=\"history-chart\"");
        assertThat(dom).doesNotContain("cannot reach the API", "needs a read token", "cannot compare");

        Path screenshot = Path.of("target", "ui-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        screenshot(url, screenshot);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    // ---- HTTP

    static HttpRequest.Builder request(String path, boolean authorized) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorized) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return request;
    }

    static HttpResponse<String> get(String path, boolean authorized) throws Exception {
        return http.send(request(path, authorized).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    // ---- Chromium

    record Rendered(String dom, String stderr) {}

    private static Rendered render(String url) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Rendered last = null;
        // a browser starved of CPU on a busy machine occasionally dies before dumping: one retry
        for (int attempt = 0; attempt < 2; attempt++) {
            HeadlessChromium.Output output = chromium.run(
                    browserDir.resolve("dom-" + attempt), BROWSER_TIMEOUT, VIRTUAL_TIME, "--dump-dom", url);
            last = new Rendered(output.stdout(), output.stderr());
            if (last.dom().contains("</html>") && last.dom().contains("updated ")) {
                return last;
            }
        }
        return fail("Chromium produced no rendered dashboard for " + url + "; DOM:\n" + last.dom() + "\nlog:\n"
                + last.stderr());
    }

    private static void screenshot(String url, Path png) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        for (int attempt = 0; attempt < 2 && !Files.exists(png); attempt++) {
            chromium.run(
                    browserDir.resolve("shot-" + attempt),
                    BROWSER_TIMEOUT,
                    VIRTUAL_TIME,
                    "--screenshot=" + png,
                    "--window-size=1400,2000",
                    url);
        }
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
