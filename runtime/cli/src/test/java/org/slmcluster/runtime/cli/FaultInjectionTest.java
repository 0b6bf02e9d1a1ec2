package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The fault-injection suite (issue 17) on one real cluster shared by its scenarios: a coordinator JVM
 * ({@code slm node start} with the HTTP API and the job manager, data dir of its own) and three worker JVMs
 * hosting stories260K, on 127.0.0.1. Each scenario runs the same evaluation job (a summarization suite at
 * temperature 0, scored with ROUGE) under a different seed, so no answer comes from the response cache, and
 * injects its fault mid-job. The last step opens the coordinator's ledger and checks every scenario against
 * the fault-free run: nothing lost, nothing answered twice (journaled twice), every recorded answer and score
 * equal to the fault-free run's for the same item. Each scenario's row is printed and written to
 * {@code target/fault-injection/results.tsv}; the table with date and load is in docs/FAULTS.md.
 *
 * <p>The coordinator SIGKILL + restart scenario is not here yet: under load the restarted coordinator (its
 * own first seed) sometimes founds a new cluster of one instead of rejoining the workers' (docs/FAULTS.md).
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    static final String MODEL = "stories260k";
    static final int ITEMS = 40;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path dir;

    static Path data;
    static Path suite;
    static List<Integer> ports;
    static int httpPort;
    static NodeProcess coordinator;
    static final List<NodeProcess> workers = new ArrayList<>();
    static PlatformClient api;
    static int coordinatorStarts;

    /** Scenario -> (seed of its job, its row so far); filled in order, checked against the ledger last. */
    static final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    @BeforeAll
    static void startCluster() throws IOException {
        data = dir.resolve("coordinator-data");
        suite = writeSuite(dir.resolve("suite"));
        ports = FreePorts.pick(5);
        httpPort = ports.get(4);
        coordinator = startCoordinator();
        for (int i = 0; i < 3; i++) {
            String label = Integer.toString(i);
            workers.add(NodeProcess.start(
                    "worker-" + label,
                    TestNodes.nodeFile(dir, "worker-" + label, label, List.of(MODEL), topology()),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(ports.get(1 + i))
                            .withSeeds(List.of("127.0.0.1:" + ports.get(0))),
                    FastClusterSettings.JOINING,
                    dir.resolve("work")));
        }
        for (NodeProcess worker : workers) {
            worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        }
        api = new PlatformClient(URI.create("http://127.0.0.1:" + httpPort), null, Duration.ofSeconds(30));
        awaitHosts(3);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (!scenarios.isEmpty()) {
            Path results = Path.of("target", "fault-injection", "results.tsv");
            Files.createDirectories(results.getParent());
            StringBuilder out = new StringBuilder(Scenario.HEADER + "\n");
            scenarios.values().forEach(s -> out.append(s.row()).append('\n'));
            Files.writeString(results, out.toString());
            System.out.println("fault injection, " + Instant.now() + ", load " + loadAverage() + ":\n" + out);
        }
        if (coordinator != null) {
            coordinator.stop(Duration.ofSeconds(20));
        }
        for (NodeProcess worker : workers) {
            worker.close();
        }
        keepLogs();
    }

    /** The members' logs, kept beside the results for a failure's post-mortem (the temp dir goes). */
    static void keepLogs() throws IOException {
        Path logs = Path.of("target", "fault-injection", "logs");
        Files.createDirectories(logs);
        try (var files = Files.list(dir.resolve("work"))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void faultFreeRun() {
        Scenario run = new Scenario("fault-free run (reference)", 1);
        scenarios.put("reference", run);
        String job = start(run.seed);
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).isEqualTo("completed");
    }

    @Test
    @Order(2)
    void workerKilledMidJob() {
        Scenario run = new Scenario("worker SIGKILLed mid-job", 2);
        scenarios.put("worker-kill", run);
        String job = start(run.seed);
        awaitDone(job, 4);
        NodeProcess victim = workers.get(0);
        long killed = System.nanoTime();
        int doneAtKill = api.job(job).path("done").asInt();
        victim.kill();
        run.recoveredMillis = millisUntilMoreDone(job, doneAtKill, killed);
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
    }

    @Test
    @Order(9)
    void nothingLostNothingAnsweredTwiceAndEveryAnswerAsInTheFaultFreeRun() {
        coordinator.stop(Duration.ofSeconds(30));
        assertThat(coordinator.isAlive()).isFalse();
        try (Ledgers ledgers = Ledgers.open(data)) {
            List<ScoredItem> items = ledgers.items(MODEL);
            Map<String, Integer> journaled = new HashMap<>();
            ledgers.journaledIds(MODEL).forEach(id -> journaled.merge(id, 1, Integer::sum));
            Map<Long, Map<String, ScoredItem>> bySeed = items.stream()
                    .collect(Collectors.groupingBy(
                            item -> item.key().seed(),
                            Collectors.toMap(item -> item.key().item(), Function.identity())));
            Map<String, ScoredItem> reference = bySeed.getOrDefault(1L, Map.of());
            assertThat(reference).hasSize(ITEMS);
            for (Scenario run : scenarios.values()) {
                Map<String, ScoredItem> recorded = bySeed.getOrDefault(run.seed, Map.of());
                run.lost = ITEMS - recorded.size();
                run.answeredTwice = (int) journaled.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@" + run.seed) && e.getValue() > 1)
                        .count();
                run.differing = (int) recorded.values().stream()
                        .filter(item ->
                                !sameOutcome(item, reference.get(item.key().item())))
                        .count();
            }
        }
        scenarios.values().forEach(run -> System.out.println(run.row()));
        assertThat(scenarios.values()).allSatisfy(run -> {
            assertThat(run.lost).as(run.name + ": lost").isZero();
            assertThat(run.answeredTwice).as(run.name + ": answered twice").isZero();
            assertThat(run.differing)
                    .as(run.name + ": answers or scores unlike the fault-free run's")
                    .isZero();
        });
    }

    // ---- the cluster

    static NodeProcess startCoordinator() throws IOException {
        Map<String, String> properties = new TreeMap<>(FastClusterSettings.JOINING);
        properties.put("slm.data.dir", data.toString());
        // the job manager says at INFO which interrupted jobs it found and resumed
        properties.put("slm.log.level", "INFO");
        NodeProcess started = NodeProcess.start(
                "coordinator-" + ++coordinatorStarts,
                TestNodes.nodeFile(dir, "coordinator", "root", List.of(), topology()),
                NodeOverrides.NONE
                        .withHost("127.0.0.1")
                        .withPort(ports.get(0))
                        // as in cluster.conf: a restarted coordinator finds the running cluster through the others
                        .withSeeds(List.of(
                                "127.0.0.1:" + ports.get(0),
                                "127.0.0.1:" + ports.get(1),
                                "127.0.0.1:" + ports.get(2),
                                "127.0.0.1:" + ports.get(3)))
                        .withHttpPort(httpPort),
                properties,
                dir.resolve("work"));
        started.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        return started;
    }

    static String topology() {
        return "slm.topology { arity = 3, depth = 1 }\n";
    }

    static void awaitHosts(int count) {
        Eventually.eventually(Duration.ofSeconds(120), () -> {
            JsonNode nodes = api.nodes();
            long hosts = 0;
            for (JsonNode node : nodes.path("nodes")) {
                if (node.path("models").toString().contains(MODEL)) {
                    hosts++;
                }
            }
            assertThat(hosts).as(nodes.toString()).isEqualTo(count);
        });
    }

    // ---- jobs

    static String start(long seed) {
        return api.startJob(suite.toString(), List.of(MODEL), List.of(seed))
                .path("id")
                .asText();
    }

    static void awaitDone(String job, int done) {
        Eventually.until(
                JOB_TIMEOUT,
                "job " + job + " has " + done + " done",
                () -> api.job(job).path("done").asInt() >= done);
    }

    /** Polls the job until more than {@code doneBefore} tasks are done: the time the service was gone. */
    static long millisUntilMoreDone(String job, int doneBefore, long sinceNanos) {
        Eventually.until(JOB_TIMEOUT, "job " + job + " progresses again", () -> {
            try {
                return api.job(job).path("done").asInt() > doneBefore;
            } catch (ClientException coordinatorDown) {
                return false;
            }
        });
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    static JsonNode awaitEnd(String job) {
        return Eventually.eventually(JOB_TIMEOUT, () -> {
            JsonNode state = api.job(job);
            assertThat(state.path("state").asText()).isNotIn("running", "interrupted");
            return state;
        });
    }

    static boolean sameOutcome(ScoredItem item, ScoredItem reference) {
        return reference != null
                && item.answer().equals(reference.answer())
                && item.scores().equals(reference.scores());
    }

    /** A summarization suite of {@value #ITEMS} items, greedy decoding (temperature 0), ROUGE only. */
    static Path writeSuite(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("suite.conf"), """
                name = "faults"
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
            items.append("{\"id\": \"item-")
                    .append(i)
                    .append("\", \"document\": \"Once upon a time a little ")
                    .append(animal)
                    .append(" found ")
                    .append(i + 2)
                    .append(" shiny stones near the river and took them home.\", \"summary\": \"A ")
                    .append(animal)
                    .append(" found ")
                    .append(i + 2)
                    .append(" stones.\"}\n");
        }
        Files.writeString(folder.resolve("items.jsonl"), items.toString());
        return folder;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** One row of the fault table. */
    static final class Scenario {
        static final String HEADER =
                "scenario\tsubmitted\tcompleted\tfailed\tlost\tanswered_twice\tunlike_fault_free\trecovered_ms";

        final String name;
        final long seed;
        int submitted;
        int completed;
        int failed;
        int lost = -1;
        int answeredTwice = -1;
        int differing = -1;
        long recoveredMillis = -1;

        Scenario(String name, long seed) {
            this.name = name;
            this.seed = seed;
        }

        void ended(JsonNode job) {
            submitted = job.path("total").asInt();
            completed = job.path("done").asInt();
            failed = job.path("failed").asInt();
        }

        String row() {
            return String.join(
                    "\t",
                    name,
                    Integer.toString(submitted),
                    Integer.toString(completed),
                    Integer.toString(failed),
                    Integer.toString(lost),
                    Integer.toString(answeredTwice),
                    Integer.toString(differing),
                    recoveredMillis < 0 ? "-" : Long.toString(recoveredMillis));
        }
    }
}
