package org.slmcluster.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.ledger.Ledgers;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * The partition rows of the fault-injection table (issue 17, docs/FAULTS.md) on separate hosts: the seven
 * members of {@code nodes/netns-cluster.sh}, one network namespace each, started from the unpacked archive.
 * Each scenario runs the same evaluation job (summaries at temperature 0, ROUGE) on stories260K, hosted by the
 * leaves 00 and 11, under its own seed so that nothing comes from the response cache:
 *
 * <ol>
 *   <li>the fault-free run, the reference;
 *   <li>leaf 00 partitioned away mid-job, then healed: its tasks are re-dispatched to 11, it is downed (it
 *       exits), the harness starts it again as its unit would, and it is Up and serving;
 *   <li>the subtree of router 1 (1, 10, 11: 3 of 7) cut off together mid-job: the minority downs itself
 *       (every one of its members exits), the majority of 4, the coordinator with it, stays Up throughout and
 *       finishes the job on 00, and after the heal the cluster is whole.
 * </ol>
 *
 * The last step stops the cluster, opens the coordinator's ledger and checks every scenario against the
 * reference: none lost, none journaled twice, every recorded answer and score equal to the reference's.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsPartitionFaultsTest {

    static final String MODEL = "stories260k";
    static final int ITEMS = 60;
    static final List<String> ALL = List.of("root", "0", "1", "00", "01", "10", "11");
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static NetnsCluster cluster;
    static Path suite;
    static final Map<String, FaultRow> rows = new LinkedHashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        suite = writeSuite(dir.resolve("suite"));
        StringBuilder options = new StringBuilder("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        FastClusterSettings.JOINING.forEach(
                (key, value) -> options.append(" -D").append(key).append('=').append(value));
        // Seven JVMs on a shared 2-core machine (load 30-50 while this was written) miss heartbeats for many
        // seconds, and a starved member that sees the others unreachable takes itself for the minority and
        // downs itself: with cluster.conf's 5 s pause all four leaves did so while the cluster formed. The
        // scenarios need downing, not fast downing: a longer pause keeps the cluster stable and only delays
        // the removals (reported in the rows).
        options.append(" -Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=20s");
        cluster = NetnsCluster.up(dir, options.toString());
        awaitWhole();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
            keepLogs();
        }
        if (!rows.isEmpty()) {
            StringBuilder out = new StringBuilder(FaultRow.HEADER + "\n");
            rows.values().forEach(row -> out.append(row.row()).append('\n'));
            Path results = Path.of("target", "fault-injection", "netns-partitions.tsv");
            Files.createDirectories(results.getParent());
            Files.writeString(results, out.toString());
            System.out.println("netns partitions, " + Instant.now() + ", load " + loadAverage() + ":\n" + out);
        }
    }

    @Test
    @Order(1)
    void faultFreeRun() throws Exception {
        FaultRow row = new FaultRow("fault-free run (reference)", 1);
        rows.put("reference", row);
        JsonNode done = awaitEnd(start(row.seed));
        row.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
    }

    @Test
    @Order(2)
    void aLeafHostingTheModelIsPartitionedAwayMidJobAndHealed() throws Exception {
        FaultRow row = new FaultRow("leaf hosting the model partitioned away mid-job, healed", 2);
        rows.put("leaf-partition", row);
        long redispatchedBefore = dispatched().path("redispatched").asLong();
        String job = start(row.seed);
        int doneAtCut = awaitDone(job, 5);
        long cut = System.nanoTime();
        cluster.harness(Duration.ofSeconds(30), "partition", "00");
        row.nextItemMillis = millisUntilMoreDone(job, doneAtCut, cut);
        awaitMembers(Set.of("root", "0", "1", "01", "10", "11"));
        row.removedMillis = (System.nanoTime() - cut) / 1_000_000;
        // the cut member is the minority (1 of 7): its own split brain resolver downs it and it exits
        awaitExit("00");

        long heal = System.nanoTime();
        cluster.harness(Duration.ofMinutes(4), "heal", "00");
        awaitWhole();
        row.backUpMillis = (System.nanoTime() - heal) / 1_000_000;

        JsonNode done = awaitEnd(job);
        row.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(dispatched().path("redispatched").asLong())
                .as("tasks taken away from the cut member and dispatched again")
                .isGreaterThan(redispatchedBefore);
        assertThat(servedBy(6)).as("members that answered after the heal").contains("00");
    }

    @Test
    @Order(3)
    void theMinoritySideOfASplitDownsItselfTheMajorityFinishesTheJob() throws Exception {
        FaultRow row = new FaultRow("minority side (router 1 + leaves 10, 11: 3 of 7) cut off mid-job, healed", 3);
        rows.put("minority", row);
        List<String> minority = List.of("1", "10", "11");
        Set<String> majority = Set.of("root", "0", "00", "01");
        String job = start(row.seed);
        int doneAtCut = awaitDone(job, 5);

        // the majority's membership, sampled all through the split: none of it may ever be downed
        AtomicBoolean sampling = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> majorityMissing = new ConcurrentLinkedQueue<>();
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    Map<String, String> members = members();
                    for (String label : majority) {
                        if (!"Up".equals(members.get(label))) {
                            majorityMissing.add(label + "=" + members.get(label));
                        }
                    }
                    Thread.sleep(250);
                } catch (IOException | RuntimeException e) {
                    majorityMissing.add("the coordinator's API did not answer: " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long cut = System.nanoTime();
        cluster.harness(Duration.ofSeconds(30), "partition", "1", "10", "11");
        sampler.start();
        try {
            row.nextItemMillis = millisUntilMoreDone(job, doneAtCut, cut);
            awaitMembers(majority);
            row.removedMillis = (System.nanoTime() - cut) / 1_000_000;
            // the minority downs itself: every member of it exits (none goes on answering work)
            for (String label : minority) {
                awaitExit(label);
                assertThat(cluster.log(label)).contains("left the cluster");
            }
            JsonNode done = awaitEnd(job);
            row.ended(done);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(majorityMissing)
                .as("majority members not Up during the split")
                .isEmpty();
        assertThat(cluster.log("root")).doesNotContain("left the cluster");

        long heal = System.nanoTime();
        cluster.harness(Duration.ofMinutes(4), "heal", "1", "10", "11");
        awaitWhole();
        row.backUpMillis = (System.nanoTime() - heal) / 1_000_000;
        assertThat(servedBy(6)).as("members that answered after the heal").contains("11");
    }

    @Test
    @Order(9)
    void nothingLostNothingAnsweredTwiceAndEveryAnswerAsInTheFaultFreeRun() throws Exception {
        cluster.close(); // the coordinator closes its ledger; the test opens it
        try (Ledgers ledgers = Ledgers.open(cluster.state().resolve("data-root"))) {
            Map<String, Integer> journaled = new HashMap<>();
            ledgers.journaledIds(MODEL).forEach(id -> journaled.merge(id, 1, Integer::sum));
            Map<Long, Map<String, ScoredItem>> bySeed = ledgers.items(MODEL).stream()
                    .collect(Collectors.groupingBy(
                            item -> item.key().seed(),
                            Collectors.toMap(item -> item.key().item(), Function.identity())));
            Map<String, ScoredItem> reference = bySeed.getOrDefault(1L, Map.of());
            assertThat(reference).hasSize(ITEMS);
            for (FaultRow row : rows.values()) {
                Map<String, ScoredItem> recorded = bySeed.getOrDefault(row.seed, Map.of());
                row.lost = ITEMS - recorded.size();
                row.answeredTwice = (int) journaled.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@" + row.seed) && e.getValue() > 1)
                        .count();
                row.unlikeFaultFree = (int) recorded.values().stream()
                        .filter(item ->
                                !sameOutcome(item, reference.get(item.key().item())))
                        .count();
            }
        }
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.lost).as(row.name + ": lost").isZero();
            assertThat(row.answeredTwice).as(row.name + ": answered twice").isZero();
            assertThat(row.unlikeFaultFree)
                    .as(row.name + ": answers or scores unlike the fault-free run's")
                    .isZero();
        });
    }

    // ---- the cluster

    /** The members' logs, kept for a failure's post-mortem (the temporary directory goes). */
    static void keepLogs() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "fault-injection", "netns-logs"));
        try (var files = Files.list(cluster.state())) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every member Up, each model host's worker READY. */
    static void awaitWhole() {
        Eventually.eventually(Duration.ofSeconds(180), () -> {
            JsonNode status = cluster.get("/api/v1/nodes");
            assertThat(status.path("nodes").findValuesAsText("label")).containsExactlyInAnyOrderElementsOf(ALL);
            for (JsonNode node : status.path("nodes")) {
                assertThat(node.path("status").asText()).as(node.toString()).isEqualTo("Up");
                if (!node.path("models").isEmpty()) {
                    assertThat(node.path("workers").findValuesAsText("state"))
                            .as(node.toString())
                            .containsExactly("READY");
                }
            }
        });
    }

    /** Label -> membership status as the coordinator sees it. */
    static Map<String, String> members() throws IOException, InterruptedException {
        Map<String, String> members = new HashMap<>();
        for (JsonNode node : cluster.get("/api/v1/nodes").path("nodes")) {
            members.put(node.path("label").asText(), node.path("status").asText());
        }
        return members;
    }

    static void awaitMembers(Set<String> labels) {
        Eventually.eventually(
                Duration.ofSeconds(150),
                () -> assertThat(new TreeSet<>(members().keySet())).containsExactlyElementsOf(new TreeSet<>(labels)));
    }

    static void awaitExit(String label) {
        Eventually.eventually(
                Duration.ofSeconds(150),
                () -> assertThat(cluster.process(label))
                        .as("member " + label + " still runs")
                        .isEmpty());
    }

    static JsonNode dispatched() throws IOException, InterruptedException {
        return cluster.get("/api/v1/nodes").path("dispatched");
    }

    /** Sends {@code count} tasks and returns the labels of the members that answered them. */
    static List<String> servedBy(int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(cluster.post(
                            "/api/v1/tasks",
                            "{\"model\":\"" + MODEL + "\",\"input\":\"The dog " + i
                                    + "\",\"async\":true,\"timeout_ms\":120000,"
                                    + "\"parameters\":{\"max_tokens\":300,\"seed\":7}}")
                    .path("id")
                    .asText());
        }
        List<String> nodes = new ArrayList<>();
        for (String id : ids) {
            nodes.add(Eventually.eventually(Duration.ofSeconds(120), () -> {
                        JsonNode task = cluster.get("/api/v1/tasks/" + id);
                        assertThat(task.path("status").asText())
                                .as(task.toString())
                                .isEqualTo("completed");
                        return task;
                    })
                    .path("node")
                    .asText());
        }
        return nodes;
    }

    // ---- jobs

    static String start(long seed) throws IOException, InterruptedException {
        String body = "{\"suite\":" + NetnsCluster.JSON.writeValueAsString(suite.toString()) + ",\"models\":[\"" + MODEL
                + "\"],\"seeds\":[" + seed + "]}";
        return cluster.post("/api/v1/jobs", body).path("id").asText();
    }

    static JsonNode job(String id) throws IOException, InterruptedException {
        return cluster.get("/api/v1/jobs/" + id);
    }

    /** The job's progress, or a missing node while the API does not answer. */
    static JsonNode jobOrMissing(String id) {
        try {
            return job(id);
        } catch (IOException | RuntimeException | AssertionError notNow) {
            return MissingNode.getInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MissingNode.getInstance();
        }
    }

    /** Waits for at least {@code done} recorded items and returns the count then; the job must still run. */
    static int awaitDone(String job, int done) throws IOException, InterruptedException {
        Eventually.until(JOB_TIMEOUT, "job " + job + " has " + done + " done", () -> {
            JsonNode progress = jobOrMissing(job);
            return progress.path("done").asInt() >= done
                    || !progress.path("state").asText().equals("running");
        });
        JsonNode progress = job(job);
        assertThat(progress.path("state").asText())
                .as("the job must still run when the fault comes: " + progress)
                .isEqualTo("running");
        return progress.path("done").asInt();
    }

    static long millisUntilMoreDone(String job, int doneBefore, long sinceNanos) {
        Eventually.until(
                JOB_TIMEOUT,
                "job " + job + " progresses",
                () -> jobOrMissing(job).path("done").asInt() > doneBefore);
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    static JsonNode awaitEnd(String job) {
        return Eventually.eventually(JOB_TIMEOUT, () -> {
            JsonNode state = job(job);
            assertThat(state.path("state").asText()).isNotIn("running", "interrupted");
            return state;
        });
    }

    static boolean sameOutcome(ScoredItem item, ScoredItem reference) {
        return reference != null
                && item.answer().equals(reference.answer())
                && item.scores().equals(reference.scores());
    }

    /**
     * {@value #ITEMS} summaries, greedy decoding (temperature 0), ROUGE only; answers long enough that a job
     * still runs when its fault comes.
     */
    static Path writeSuite(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("suite.conf"), """
                name = "partitions"
                generation { seed = 1, temperature = 0.0, top-p = 1.0, context-size = 1024, max-tokens = 256 }
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
}
