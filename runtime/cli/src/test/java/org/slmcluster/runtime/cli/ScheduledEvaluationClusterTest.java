package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.client.PlatformClient;
import org.slmcluster.runtime.http.ApiSettings;
import org.slmcluster.runtime.models.ModelFiles;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.runtime.server.NodeEndpoints;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Issue 15, point 7 on a real two-JVM cluster: a schedule "after every deploy" runs its suite as a job once
 * stories260k, deployed from the store to member {@code 0}, is ready there; a schedule "every 3s" starts jobs
 * again and again; every run is a normal job whose results land in the ledger and which names its schedule.
 * Bad input (unknown suite or model, bad duration, unknown schedule) exits 2 with one line.
 */
@IntegrationTest
class ScheduledEvaluationClusterTest {

    private static final String MODEL = "stories260k";

    @TempDir
    Path dir;

    @Test
    void schedulesRunJobsAfterADeployAndEveryPeriodAndRefuseBadInput() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        NodeRuntime coordinator = null;
        NodeEndpoints endpoints = null;
        NodeProcess member = null;
        try {
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", ""),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            endpoints = NodeEndpoints.serve(coordinator, ApiSettings.defaults().withPort(0), true, 0);
            member = NodeProcess.start(
                    "pi-0",
                    nodeFile("pi-0", "0", "slm.management.port = " + ports.get(2) + "\n"),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(ports.get(1))
                            .withSeeds(List.of(seed)),
                    Map.copyOf(FastClusterSettings.PROPERTIES),
                    dir.resolve("work"));
            member.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            TestNodes.awaitUpMembers(coordinator, 2, Duration.ofSeconds(30));
            NodeEndpoints served = endpoints;
            PlatformClient client = Eventually.eventually(
                    Duration.ofSeconds(30),
                    () -> new PlatformClient(
                            served.api()
                                    .orElseThrow(() -> new AssertionError("API not bound yet"))
                                    .baseUri(),
                            null));
            String url = served.api().orElseThrow().baseUri().toString();
            String suite = writeSuite(dir.resolve("suite")).toString();

            ClientCliTest.Run noSuite =
                    cli("add", "--url", url, "--suite", "no-such-suite", "--models", MODEL, "--every", "5s");
            assertThat(noSuite.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(noSuite.err().strip())
                    .contains("no-such-suite")
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
            ClientCliTest.Run noModel = cli("add", "--url", url, "--suite", suite, "--models", "nope", "--every", "5s");
            assertThat(noModel.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(noModel.err()).contains("unknown model 'nope'");
            ClientCliTest.Run badPeriod =
                    cli("add", "--url", url, "--suite", suite, "--models", MODEL, "--every", "soon");
            assertThat(badPeriod.exitCode()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(badPeriod.err()).contains("'soon' is not a duration");
            assertThat(cli("remove", "--url", url, "s9").exitCode()).isEqualTo(CliFailure.BAD_INPUT);
            assertThat(client.schedules().path("schedules")).isEmpty();

            // after every deploy: nothing hosts stories260k until it is deployed from the store
            Path stories = ModelFiles.searchPath().stream()
                    .map(d -> d.resolve("stories260K.gguf"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow();
            client.addToStore(stories.toString(), MODEL, "a", null, 512, null);
            ClientCliTest.Run afterDeploy =
                    cli("add", "--url", url, "--suite", suite, "--models", MODEL, "--after-deploy");
            assertThat(afterDeploy.exitCode()).as(afterDeploy.err()).isZero();
            assertThat(afterDeploy.out()).startsWith("s1 (after deploy)");
            client.deploy(MODEL + "@a", List.of("0"), 0);
            JsonNode deployed = Eventually.eventually(Duration.ofSeconds(120), () -> {
                JsonNode s1 = schedule(client, "s1");
                assertThat(s1.path("runs").asInt()).isEqualTo(1);
                assertThat(s1.path("last_job").isTextual()).as(s1.toString()).isTrue();
                return s1;
            });
            assertThat(deployed.path("last_trigger").asText()).isEqualTo("after-deploy");
            JsonNode deployJob = completed(client, deployed.path("last_job").asText());
            assertThat(deployJob.path("started_by").asText()).isEqualTo("schedule s1 (after-deploy of " + MODEL + ")");
            assertThat(deployJob.path("done").asInt()).isEqualTo(2);
            assertThat(client.ledger(MODEL).path("items").asInt()).isEqualTo(2);

            // every 3 s: several runs, each a job in the ledger's history
            ClientCliTest.Run every = cli("add", "--url", url, "--suite", suite, "--models", MODEL, "--every", "3s");
            assertThat(every.exitCode()).as(every.err()).isZero();
            assertThat(every.out()).startsWith("s2 (every 3s)");
            JsonNode periodic = Eventually.eventually(Duration.ofSeconds(60), () -> {
                JsonNode s2 = schedule(client, "s2");
                assertThat(s2.path("runs").asInt()).isGreaterThanOrEqualTo(2);
                return s2;
            });
            JsonNode everyJob = completed(client, periodic.path("last_job").asText());
            assertThat(everyJob.path("started_by").asText()).isEqualTo("schedule s2 (every)");
            assertThat(schedule(client, "s1").path("runs").asInt())
                    .as("no new deploy, no new run")
                    .isEqualTo(1);
            ClientCliTest.Run list = cli("list", "--url", url);
            assertThat(list.out())
                    .contains("s1")
                    .contains("after deploy")
                    .contains("s2")
                    .contains("every 3s");
            ClientCliTest.Run removed = cli("remove", "--url", url, "s2");
            assertThat(removed.exitCode()).as(removed.err()).isZero();
            assertThat(client.schedules().path("schedules")).hasSize(1);
            Eventually.eventually(Duration.ofSeconds(30), () -> {
                JsonNode history = client.ledgerHistory(MODEL).path("points");
                assertThat(history.size()).as("one point per finished job").isGreaterThanOrEqualTo(3);
            });
        } finally {
            if (endpoints != null) {
                endpoints.close();
            }
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
            if (member != null) {
                member.close();
            }
        }
    }

    private static ClientCliTest.Run cli(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "schedules";
        System.arraycopy(args, 0, full, 1, args.length);
        return ClientCliTest.cli(full);
    }

    private static JsonNode schedule(PlatformClient client, String id) {
        for (JsonNode s : client.schedules().path("schedules")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id + " in " + client.schedules());
    }

    private static JsonNode completed(PlatformClient client, String job) {
        return Eventually.eventually(Duration.ofSeconds(120), () -> {
            JsonNode shown = client.job(job);
            assertThat(shown.path("state").asText()).as(shown.toString()).isEqualTo("completed");
            return shown;
        });
    }

    /** Two summarization items, greedy, ROUGE only. */
    private static Path writeSuite(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("suite.conf"), """
                name = "scheduled"
                generation { seed = 1, temperature = 0.0, top-p = 1.0, context-size = 512, max-tokens = 24 }
                tasks = [
                  { id = summary, kind = summarization, dataset = items.jsonl, metrics = [rouge],
                    prompt-template = "Summarize in one sentence:\\n{{document}}" }
                ]
                """);
        Files.writeString(folder.resolve("items.jsonl"), """
                {"id": "cat", "document": "Once upon a time a little cat found two shiny stones.", "summary": "A cat found stones."}
                {"id": "dog", "document": "Once upon a time a little dog found three red apples.", "summary": "A dog found apples."}
                """);
        return folder;
    }

    /** A node file with its own data directory {@code data-<label>}. */
    private Path nodeFile(String name, String label, String extra) throws IOException {
        Path file = TestNodes.nodeFile(
                dir, name, label, List.of(), "slm.data-dir = \"" + dir.resolve("data-" + label) + "\"\n");
        Files.writeString(file, Files.readString(file) + extra);
        return file;
    }
}
