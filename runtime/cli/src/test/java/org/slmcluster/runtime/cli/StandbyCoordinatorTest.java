package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.client.ClientException;
import org.slmcluster.runtime.client.PlatformClient;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Coordinator failover on a real PostgreSQL ({@link LocalPostgres}): the ledgers and the job journal live
 * in the database, {@code root} and a standby member (label 0, {@code slm.coordinator.standby = on}) compete
 * for the coordinator lease, and a worker JVM hosts stories260K. A job runs on {@code root}; {@code root} is
 * SIGKILLed mid-job; the standby takes the lease once it expires, resumes the job without any command and
 * serves it on its own API until it completes. Then the ledger in PostgreSQL must hold every item once, each
 * answer and score equal to a fault-free run's. Each member has its own data directory: nothing passes
 * through files. The row is printed and written to {@code target/fault-injection/standby.tsv}
 * (docs/FAULTS.md).
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandbyCoordinatorTest {

    static final String MODEL = "stories260k";
    static final int ITEMS = 40;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    static final String LEASE_TTL = "4s";

    @TempDir
    static Path dir;

    static LocalPostgres postgres;
    static List<Integer> ports;
    static NodeProcess root;
    static NodeProcess standby;
    static NodeProcess worker;
    static PlatformClient rootApi;
    static PlatformClient standbyApi;
    static final List<String> rows = new ArrayList<>();

    static String referenceJob;
    static String failoverJob;
    static int submitted;
    static int completed;
    static int failed;
    static long recoveredMillis = -1;

    @BeforeAll
    static void startCluster() throws IOException {
        postgres = LocalPostgres.start();
        writeSuite(dir.resolve("suite"));
        ports = FreePorts.pick(5);
        root = start("root", "root", List.of(), "", ports.get(0), ports.get(3));
        root.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        standby = start("standby", "0", List.of(), "slm.coordinator.standby = on\n", ports.get(1), ports.get(4));
        worker = start("worker", "1", List.of(MODEL), "", ports.get(2), null);
        standby.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        rootApi = new PlatformClient(URI.create("http://127.0.0.1:" + ports.get(3)), null, Duration.ofSeconds(30));
        standbyApi = new PlatformClient(URI.create("http://127.0.0.1:" + ports.get(4)), null, Duration.ofSeconds(30));
        Eventually.eventually(
                Duration.ofSeconds(120),
                () -> assertThat(rootApi.nodes().toString()).contains(MODEL));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        try {
            for (NodeProcess member : new NodeProcess[] {root, standby, worker}) {
                if (member != null) {
                    member.close();
                }
            }
            keepLogs();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    @Order(1)
    void onlyTheLeaseHolderServesAndAFaultFreeJobCompletes() {
        assertThatThrownBy(() -> standbyApi.nodes())
                .as("the standby serves no API while root holds the lease")
                .isInstanceOf(ClientException.class);
        referenceJob = start(rootApi, 1);
        JsonNode done = awaitEnd(rootApi, referenceJob);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
    }

    @Test
    @Order(2)
    void theStandbyTakesOverWhenTheCoordinatorIsKilledAndFinishesTheJob() {
        failoverJob = start(rootApi, 2);
        Eventually.until(
                JOB_TIMEOUT,
                "job " + failoverJob + " has 2 done",
                () -> rootApi.job(failoverJob).path("done").asInt() >= 2);
        int doneAtKill = rootApi.job(failoverJob).path("done").asInt();
        long killed = System.nanoTime();
        root.kill();
        assertThat(doneAtKill)
                .as("done when root was killed (the job must still be running)")
                .isLessThan(ITEMS);
        Eventually.until(JOB_TIMEOUT, "the standby serves job " + failoverJob + " and it progresses", () -> {
            try {
                return standbyApi.job(failoverJob).path("done").asInt() > doneAtKill;
            } catch (ClientException notYet) {
                return false;
            }
        });
        recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
        JsonNode done = awaitEnd(standbyApi, failoverJob);
        submitted = done.path("total").asInt();
        completed = done.path("done").asInt();
        failed = done.path("failed").asInt();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        // the standby lists both jobs: the journal it read is the database's, not a file of its own
        assertThat(standbyApi.jobs().toString()).contains(referenceJob).contains(failoverJob);
    }

    @Test
    @Order(3)
    void theLedgerInPostgresHoldsEveryItemOnceAsInTheFaultFreeRun() {
        standby.stop(Duration.ofSeconds(30));
        worker.stop(Duration.ofSeconds(30));
        int lost;
        int answeredTwice;
        int differing;
        try (Ledgers ledgers =
                Ledgers.open(dir.resolve("reader"), ConfigFactory.parseString(postgres.ledgerSettings()))) {
            Map<String, Integer> journaled = new HashMap<>();
            ledgers.journaledIds(MODEL).forEach(id -> journaled.merge(id, 1, Integer::sum));
            Map<Long, Map<String, ScoredItem>> bySeed = ledgers.items(MODEL).stream()
                    .collect(Collectors.groupingBy(
                            item -> item.key().seed(),
                            Collectors.toMap(item -> item.key().item(), Function.identity())));
            Map<String, ScoredItem> reference = bySeed.getOrDefault(1L, Map.of());
            Map<String, ScoredItem> recorded = bySeed.getOrDefault(2L, Map.of());
            assertThat(reference).hasSize(ITEMS);
            lost = ITEMS - recorded.size();
            answeredTwice = (int) journaled.values().stream().filter(n -> n > 1).count();
            differing = (int) recorded.values().stream()
                    .filter(item -> !sameOutcome(item, reference.get(item.key().item())))
                    .count();
        }
        String row = String.join(
                "\t",
                "coordinator SIGKILLed, standby takes over (PostgreSQL)",
                Integer.toString(submitted),
                Integer.toString(completed),
                Integer.toString(failed),
                Integer.toString(lost),
                Integer.toString(answeredTwice),
                Integer.toString(differing),
                Long.toString(recoveredMillis));
        rows.add(row);
        assertThat(lost).as("lost").isZero();
        assertThat(answeredTwice).as("answered twice").isZero();
        assertThat(differing)
                .as("answers or scores unlike the fault-free run's")
                .isZero();
    }

    @AfterAll
    static void writeRow() throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        Path results = Path.of("target", "fault-injection", "standby.tsv");
        Files.createDirectories(results.getParent());
        String table = "scenario\tsubmitted\tcompleted\tfailed\tlost\tanswered_twice\tunlike_fault_free\trecovered_ms\n"
                + String.join("\n", rows) + "\n";
        Files.writeString(results, table);
        System.out.println("standby coordinator, " + Instant.now() + ", load " + loadAverage() + ":\n" + table);
    }

    // ---- the cluster

    static NodeProcess start(
            String name, String label, List<String> models, String settings, int port, Integer httpPort)
            throws IOException {
        Map<String, String> properties = new TreeMap<>(FastClusterSettings.JOINING);
        properties.put("slm.data.dir", dir.resolve(name + "-data").toString());
        // the lease and the resumed jobs are logged at INFO
        properties.put("slm.log.level", "INFO");
        String failover = "slm.coordinator { failover = on, lease-ttl = " + LEASE_TTL + " }\n";
        NodeOverrides overrides = NodeOverrides.NONE
                .withHost("127.0.0.1")
                .withPort(port)
                // root founds the cluster alone (no handshakes with ports not bound yet); the others join it
                .withSeeds(
                        label.equals("root")
                                ? List.of("127.0.0.1:" + ports.get(0))
                                : List.of(
                                        "127.0.0.1:" + ports.get(0),
                                        "127.0.0.1:" + ports.get(1),
                                        "127.0.0.1:" + ports.get(2)));
        if (httpPort != null) {
            overrides = overrides.withHttpPort(httpPort);
        }
        return NodeProcess.start(
                name,
                TestNodes.nodeFile(
                        dir,
                        name,
                        label,
                        models,
                        "slm.topology { arity = 3, depth = 1 }\n" + postgres.ledgerSettings() + failover + settings),
                overrides,
                properties,
                dir.resolve("work"));
    }

    static String start(PlatformClient api, long seed) {
        return api.startJob(dir.resolve("suite").toString(), List.of(MODEL), List.of(seed))
                .path("id")
                .asText();
    }

    static JsonNode awaitEnd(PlatformClient api, String job) {
        return Eventually.eventually(JOB_TIMEOUT, () -> {
            JsonNode state = api.job(job);
            assertThat(state.path("state").asText()).isNotIn("running", "interrupted");
            return state;
        });
    }

    static void keepLogs() throws IOException {
        Path logs = Path.of("target", "fault-injection", "standby-logs");
        Files.createDirectories(logs);
        if (!Files.isDirectory(dir.resolve("work"))) {
            return;
        }
        try (var files = Files.list(dir.resolve("work"))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static boolean sameOutcome(ScoredItem item, ScoredItem reference) {
        return reference != null
                && item.answer().equals(reference.answer())
                && item.scores().equals(reference.scores());
    }

    /** A summarization suite of {@value #ITEMS} items, greedy decoding (temperature 0), ROUGE only. */
    static void writeSuite(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("suite.conf"), """
                name = "standby"
                generation { seed = 1, temperature = 0.0, top-p = 1.0, context-size = 512, max-tokens = 48 }
                tasks = [
                  { id = summary, kind = summarization, dataset = items.jsonl, metrics = [rouge],
                    prompt-template = "Summarize in one sentence:\\n{{document}}" }
                ]
                """);
        StringBuilder items = new StringBuilder();
        String[] animals = {"cat", "dog", "bird", "fox", "bear", "frog", "owl", "duck"};
        for (int i = 0; i < ITEMS; i++) {
            String animal = animals[i % animals.length];
            items.append(
                    "{\"id\": \"item-%d\", \"document\": \"Once upon a time a little %s found %d shiny stones near the river and took them home.\", \"summary\": \"A %s found %d stones.\"}\n"
                            .formatted(i, animal, i + 2, animal, i + 2));
        }
        Files.writeString(folder.resolve("items.jsonl"), items.toString());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
