package org.slmcluster.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.metrics.MemberMetrics;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.runtime.ledger.MetricSummary;
import org.slmcluster.runtime.ledger.ModelView;
import org.slmcluster.runtime.ledger.TaskView;
import org.slmcluster.runtime.server.metrics.HostMetrics;
import org.slmcluster.runtime.server.metrics.MemberMetricsEndpoint;
import org.slmcluster.runtime.suite.TaskKind;
import org.slmcluster.testing.RepoFiles;

/**
 * The files under {@code monitoring/}: every metric the alert rules and the Grafana dashboard name is one
 * the platform exports (read from real expositions: a member's and the API's), and promtool accepts the
 * config and the rules when it is installed (Debian package {@code prometheus}; CI installs it).
 */
class MonitoringFilesTest {

    /** PromQL words that look like metric names: functions, aggregations, keywords, Prometheus' own series. */
    private static final Set<String> PROMQL = Set.of(
            "sum",
            "count",
            "by",
            "without",
            "rate",
            "increase",
            "histogram_quantile",
            "or",
            "and",
            "unless",
            "vector",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "max",
            "min",
            "avg",
            "bool",
            "offset");

    private static final Pattern NAME = Pattern.compile("(?<![\\w\"'{.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w\"'(])");

    private static ActorSystem<Void> system;
    private static Set<String> exported;

    @TempDir
    static Path dir;

    @BeforeAll
    static void collectExportedNames() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "monitoring-files-test");
        MemberMetrics member = MemberMetrics.get(system);
        member.generated("m", 3, 5, 1_000_000, 9_000_000);
        member.failed("m", "timeout");
        member.busy("m", 1_000_000);
        member.restarted("m");
        member.worker("m", 1, 1, "READY", List.of("READY", "FAILED"));
        member.relayed("root", "0");
        member.undeliverable("no_route");
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("loadavg"), "0.1 0.2 0.3 1/1 1\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 10 kB\nMemAvailable: 5 kB\n");
        Path zone = Files.createDirectories(dir.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "50000\n");
        Path firmware = Files.createDirectories(dir.resolve("sys/devices/platform/soc/soc:firmware"));
        Files.writeString(firmware.resolve("get_throttled"), "0x0\n");
        member.extendOnce(
                "host", registry -> new HostMetrics(proc, dir.resolve("sys"), Map.of("data", dir)).register(registry));
        String memberText =
                new String(MemberMetricsEndpoint.of(system, Map.of()).scrape(), StandardCharsets.UTF_8);

        ApiMetrics api = new ApiMetrics();
        api.completed(ApiMetricsTest.completed("1", List.of("root", "1"), 4), 1_000_000);
        api.failed("m", FailureKind.TIMEOUT);
        api.responded(200);
        TrafficWatch traffic = new TrafficWatch(10, 0.2, alert -> {});
        for (int i = 0; i < 20; i++) {
            traffic.completed("m", 12, 4, 0.05);
        }
        api.showing(traffic);
        String apiText = api.render(new ClusterStatus(
                "root",
                2,
                1,
                List.of(new ClusterStatus.Member("1", "pekko://slm@h:2", "Up", true, List.of("m"), 0)),
                List.of(new WorkerStatus("1", "m", "READY", 0, 0, 16, 1, 1, 0, 0, 0, 3, 4, 10, null, null)),
                0,
                new ClusterStatus.Counters(1, 1, 0, 0)));

        exported = new TreeSet<>();
        exported.add("up"); // Prometheus' own series per target
        for (String text : List.of(memberText, apiText, scoreExposition())) {
            text.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0])
                    .forEach(exported::add);
        }
    }

    /** The coordinator's score gauges over one model's ledger view. */
    private static String scoreExposition() throws Exception {
        TaskView task = new TaskView(
                "m",
                "translation",
                TaskKind.TRANSLATION,
                3,
                Map.of("bleu", new MetricSummary("bleu", 3, 0.5, 0.1, 0.4, 0.6)),
                Map.of(),
                1,
                2,
                3,
                4,
                5,
                Map.of(),
                0);
        JsonNode drifted = new ObjectMapper()
                .readTree("{\"model\":\"m\",\"drift\":{\"comparisons\":[{\"task\":\"translation\","
                        + "\"metric\":\"bleu\",\"difference\":-0.3,\"drifted\":true}]}}");
        ScoreGauges gauges = new ScoreGauges(
                () -> CompletableFuture.completedFuture(List.of(new ModelView("m", 3, List.of(task)))),
                model -> "v1",
                models -> List.of(drifted));
        return gauges.scrape().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void everyAlertRuleNamesExportedMetrics() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(monitoring("alerts.yml").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                assertThat(rule.hasNonNull("alert")).as(rule.toString()).isTrue();
                assertThat(rule.get("annotations").hasNonNull("summary"))
                        .as(rule.toString())
                        .isTrue();
                expressions.add(rule.get("expr").asText());
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
        for (String expression : expressions) {
            assertThat(metricNames(expression)).as(expression).isNotEmpty().isSubsetOf(exported);
        }
    }

    @Test
    void everyDashboardQueryNamesExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(monitoring("grafana/slm-cluster.json").toFile());
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expression = target.get("expr").asText();
                assertThat(metricNames(expression)).as(expression).isNotEmpty().isSubsetOf(exported);
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(15);
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRulesWhenInstalled() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            System.out.println(
                    "promtool not installed (Debian package prometheus): config and rules checked by parsing only");
            return;
        }
        for (List<String> check : List.of(
                List.of("check", "rules", monitoring("alerts.yml").toString()),
                List.of("check", "config", monitoring("prometheus.yml").toString()))) {
            List<String> command = new ArrayList<>(List.of(promtool.toString()));
            command.addAll(check);
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(command + ":\n" + output).isZero();
            assertThat(output).contains("SUCCESS");
        }
    }

    @Test
    void metricNamesAreFoundInExpressions() {
        assertThat(
                        metricNames(
                                "histogram_quantile(0.95, sum by (node, le) (rate(slm_task_latency_seconds_bucket{model=\"a b\"}[5m])))"))
                .containsExactly("slm_task_latency_seconds_bucket");
        assertThat(metricNames("slm_host_disk_free_bytes / slm_host_disk_size_bytes < 0.10"))
                .containsExactly("slm_host_disk_free_bytes", "slm_host_disk_size_bytes");
    }

    /** The metric names in a PromQL expression: names outside label matchers, grouping lists and strings. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            String name = m.group(1);
            if (!PROMQL.contains(name) && !name.matches("\\d.*")) {
                names.add(name);
            }
        }
        return names;
    }

    private static Path monitoring(String file) {
        return RepoFiles.root().resolve("monitoring").resolve(file);
    }
}
