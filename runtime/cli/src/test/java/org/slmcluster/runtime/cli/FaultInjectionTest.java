package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
 * The fault-injection suite (issue 17) on one real cluster shared by its scenarios, on 127.0.0.1: the overlay of
 * cluster.conf (arity 2, depth 2) with a coordinator JVM ({@code slm node start} with the HTTP API and the job
 * manager, data dir of its own) at the root, two level-1 routers ({@code 0}, {@code 1}, no models) and two
 * workers hosting stories260K ({@code 00}, {@code 10}), failure detection and downing as in
 * cluster.conf. Each scenario runs the same evaluation job (a summarization suite at temperature 0, scored with
 * ROUGE) under a different seed, so no answer comes from the response cache, injects its fault once a few items
 * are recorded, and restores the cluster's shape afterwards (a new JVM in place of the one that died). The last
 * step opens the coordinator's ledger and checks every scenario against the fault-free run: nothing lost,
 * nothing answered twice (journaled twice), every recorded answer and score equal to the fault-free run's for
 * the same item. Each scenario's row is printed and written to {@code target/fault-injection/results.tsv} and
 * {@code results.md}; the table with date and load is in docs/FAULTS.md.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    static final String MODEL = "stories260k";
    static final int ITEMS = 40;
    static final int DONE_BEFORE_FAULT = 4;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    static final Duration MEMBER_START = Duration.ofSeconds(120);
    static final int SET_UP_ATTEMPTS = 3;
    /** Shorter than the failure detector's ~6 s (acceptable-heartbeat-pause 5 s + phi margin): not downed. */
    static final Duration SHORT_STALL = Duration.ofSeconds(3);
    /** Longer than the failure detector and stable-after together: downed, as issue 17 asks (15 s). */
    static final Duration LONG_STALL = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static Path data;
    static Path suite;
    static Member coordinator;
    static Member routerLeft;
    static Member routerRight;
    static final List<Member> workers = new ArrayList<>();
    static PlatformClient api;

    /** Scenario -> (seed of its job, its row so far); filled in order, checked against the ledger last. */
    static final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    @BeforeAll
    static void startCluster() throws IOException {
        suite = writeSuite(dir.resolve("suite"));
        // Setting the cluster up is not a scenario: when the machine stalls every JVM at once while they join
        // (heartbeat gaps of 12 s were seen at load ~30) and the split brain resolver downs members, start over.
        for (int attempt = 1; ; attempt++) {
            try {
                formCluster(attempt);
                return;
            } catch (NodeProcess.StartFailedException | AssertionError e) {
                System.out.println(
                        "cluster set-up " + attempt + " failed, load " + loadAverage() + ": " + e.getMessage());
                stopMembers();
                if (attempt == SET_UP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static void formCluster(int attempt) {
        data = dir.resolve("coordinator-data-" + attempt);
        List<Integer> ports = FreePorts.pick(6);
        coordinator = new Member("coordinator", "root", List.of(), ports.get(0));
        routerLeft = new Member("router-0", "0", List.of(), ports.get(1));
        routerRight = new Member("router-1", "1", List.of(), ports.get(2));
        workers.clear();
        workers.add(new Member("worker-00", "00", List.of(MODEL), ports.get(3)));
        workers.add(new Member("worker-10", "10", List.of(MODEL), ports.get(4)));
        coordinator.httpPort = ports.get(5);
        // one at a time: JVMs starting together on a loaded 2-core machine miss heartbeats while they join
        coordinator.start();
        coordinator.awaitUp();
        for (Member member : allButCoordinator()) {
            member.start();
            member.awaitUp();
        }
        api = new PlatformClient(URI.create("http://127.0.0.1:" + coordinator.httpPort), null, Duration.ofSeconds(30));
        awaitWholeCluster();
    }

    static void stopMembers() {
        for (Member member : allButCoordinator()) {
            if (member.process != null && member.process.isAlive()) {
                member.process.resume(); // a stalled member cannot be killed cleanly otherwise
                member.process.close();
            }
        }
        if (coordinator != null && coordinator.process != null) {
            coordinator.process.stop(Duration.ofSeconds(20));
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (!scenarios.isEmpty()) {
            Path results = Path.of("target", "fault-injection");
            Files.createDirectories(results);
            StringBuilder tsv = new StringBuilder(Scenario.HEADER + "\n");
            StringBuilder markdown = new StringBuilder(Scenario.MARKDOWN_HEADER);
            String when = Instant.now().toString().substring(0, 10) + ", ~" + loadAverage();
            scenarios.values().forEach(s -> {
                tsv.append(s.row()).append('\n');
                markdown.append(s.markdownRow(when)).append('\n');
            });
            Files.writeString(results.resolve("results.tsv"), tsv.toString());
            Files.writeString(results.resolve("results.md"), markdown.toString());
            System.out.println("fault injection, " + Instant.now() + ", load " + loadAverage() + ":\n" + tsv);
        }
        stopMembers();
        keepLogs();
    }

    /** The members' logs, kept beside the results for a failure's post-mortem (the temp dir goes). */
    static void keepLogs() throws IOException {
        Path logs = Path.of("target", "fault-injection", "logs");
        Files.createDirectories(logs);
        try (var files = Files.list(dir.resolve("work"))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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
        restoreCluster();
        Scenario run = new Scenario("worker (leaf 00) SIGKILLed mid-job", 2);
        scenarios.put("worker-kill", run);
        Member victim = workers.get(0);
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        String address = victim.address();
        long killed = System.nanoTime();
        int doneAtKill = done(job);
        victim.process.kill();
        CompletableFuture<Long> removed = millisUntilRemoved(victim.label, address, killed);
        run.recoveredMillis = millisUntilMoreDone(job, doneAtKill, killed);
        run.removedMillis = removed.join();
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        replace(victim);
    }

    @Test
    @Order(3)
    void routerKilledMidJob() {
        restoreCluster();
        Scenario run = new Scenario("router (level 1, label 0) SIGKILLed mid-job", 3);
        scenarios.put("router-kill", run);
        Member victim = routerLeft;
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        String address = victim.address();
        long killed = System.nanoTime();
        int doneAtKill = done(job);
        victim.process.kill();
        CompletableFuture<Long> removed = millisUntilRemoved(victim.label, address, killed);
        run.recoveredMillis = millisUntilMoreDone(job, doneAtKill, killed);
        run.removedMillis = removed.join();
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        replace(victim);
    }

    @Test
    @Order(4)
    void memberStalledShorterThanTheFailureDetectorStaysUp() {
        restoreCluster();
        Scenario run = new Scenario("worker (leaf 10) stalled " + SHORT_STALL.toSeconds() + " s (SIGSTOP, SIGCONT)", 4);
        scenarios.put("short-stall", run);
        Member victim = workers.get(1);
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        String address = victim.address();
        long stopped = System.nanoTime();
        int doneAtStop = done(job);
        victim.process.suspend();
        sleep(SHORT_STALL);
        victim.process.resume();
        run.recoveredMillis = millisUntilMoreDone(job, doneAtStop, stopped);
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        // not taken for dead: the same incarnation is still an Up member and its JVM runs
        assertThat(victim.process.isAlive()).isTrue();
        assertThat(upAddresses()).contains(address);
    }

    @Test
    @Order(5)
    void memberStalledLongerThanTheFailureDetectorIsRemovedAndTheRestGoesOn() {
        restoreCluster();
        Scenario run = new Scenario("worker (leaf 10) stalled " + LONG_STALL.toSeconds() + " s (SIGSTOP, SIGCONT)", 5);
        scenarios.put("long-stall", run);
        Member victim = workers.get(1);
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        String address = victim.address();
        long stopped = System.nanoTime();
        int doneAtStop = done(job);
        victim.process.suspend();
        CompletableFuture<Long> removed = millisUntilRemoved(victim.label, address, stopped);
        run.recoveredMillis = millisUntilMoreDone(job, doneAtStop, stopped);
        sleep(LONG_STALL.minus(Duration.ofNanos(System.nanoTime() - stopped)));
        // stalled at least 15 s and until the others removed it (on a loaded machine that can take longer)
        run.removedMillis = removed.join();
        victim.process.resume();
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        // the time to removal is reported; FailureDetectionTest holds it to ~10 s (15 s on a loaded machine)
        // the stalled member finds itself downed after SIGCONT and its node command exits; the others stay Up
        assertThat(victim.process.waitFor(Duration.ofSeconds(60)))
                .as(victim.name + " exits")
                .isPresent();
        assertThat(upAddresses()).contains(coordinator.address(), workers.get(0).address());
        replace(victim);
    }

    @Test
    @Order(6)
    void engineThatHangsIsKilledAndItsTasksRedispatched() throws IOException {
        restoreCluster();
        Scenario run = new Scenario("engine of leaf 00 hangs (engine process SIGSTOPped)", 6);
        scenarios.put("engine-hang", run);
        Member victim = workers.get(0);
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        ProcessHandle engine = engineProcess(victim);
        long stopped = System.nanoTime();
        int doneAtStop = done(job);
        signal(engine.pid(), "STOP");
        run.recoveredMillis = millisUntilMoreDone(job, doneAtStop, stopped);
        // slm.engine.heartbeat-timeout (5 s): the worker kills the silent engine process
        Eventually.until(Duration.ofSeconds(60), "hung engine " + engine.pid() + " killed", () -> !engine.isAlive());
        run.removedMillis = (System.nanoTime() - stopped) / 1_000_000;
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        // the member itself stayed, and it loads a new engine
        assertThat(victim.process.isAlive()).isTrue();
        Eventually.until(Duration.ofSeconds(120), "a new engine on " + victim.name, () -> {
            try {
                return engineProcess(victim).pid() != engine.pid();
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    @Order(7)
    void coordinatorKilledMidJobAndRestartedFinishesTheJobWithoutACommand() {
        restoreCluster();
        Scenario run = new Scenario("coordinator SIGKILLed mid-job, restarted on its data", 7);
        scenarios.put("coordinator-kill", run);
        String job = start(run.seed);
        awaitDone(job, DONE_BEFORE_FAULT);
        long killed = System.nanoTime();
        int doneAtKill = done(job);
        coordinator.process.kill();
        // as a service manager would: start it again at once, same node file, same data dir
        coordinator.start();
        coordinator.awaitUp();
        assertThat(coordinator.process.output())
                .as("the restarted coordinator rejoins through the other seeds first")
                .contains("was a member before: rejoining the running cluster through");
        // one cluster, not two: the restarted coordinator sees every member (a new cluster of one would not)
        awaitWholeCluster();
        run.recoveredMillis = millisUntilMoreDone(job, doneAtKill, killed);
        JsonNode done = awaitEnd(job);
        run.ended(done);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
    }

    @Test
    @Order(9)
    void nothingLostNothingAnsweredTwiceAndEveryAnswerAsInTheFaultFreeRun() {
        coordinator.process.stop(Duration.ofSeconds(30));
        assertThat(coordinator.process.isAlive()).isFalse();
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

    /** One member of the cluster; {@link #start()} again after it died starts a new incarnation in its place. */
    static final class Member {
        final String name;
        final String label;
        final List<String> models;
        final int port;
        int httpPort;
        int incarnations;
        NodeProcess process;

        Member(String name, String label, List<String> models, int port) {
            this.name = name;
            this.label = label;
            this.models = models;
            this.port = port;
        }

        void start() {
            Map<String, String> properties = new TreeMap<>(FastClusterSettings.JOINING);
            List<String> seeds = new ArrayList<>();
            if (label.equals("root")) {
                properties.put("slm.data.dir", data.toString());
                // the job manager says at INFO which interrupted jobs it found and resumed; the node how it joins
                properties.put("slm.log.level", "INFO");
                // as cluster.conf: itself first, then the level-1 routers (and here the workers too), so that a
                // restarted coordinator finds the running cluster through them
                seeds.add("127.0.0.1:" + port);
                seeds.add("127.0.0.1:" + routerLeft.port);
                seeds.add("127.0.0.1:" + routerRight.port);
                workers.forEach(worker -> seeds.add("127.0.0.1:" + worker.port));
            } else {
                seeds.add("127.0.0.1:" + coordinator.port);
            }
            try {
                process = NodeProcess.start(
                        name + "-" + ++incarnations,
                        TestNodes.nodeFile(dir, name, label, models, topology()),
                        NodeOverrides.NONE
                                .withHost("127.0.0.1")
                                .withPort(port)
                                .withSeeds(seeds)
                                .withHttpPort(label.equals("root") ? httpPort : null),
                        properties,
                        dir.resolve("work"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitUp() {
            process.awaitOutput(NodeProcess.UP, MEMBER_START);
        }

        /** The address of the running incarnation, as the API lists it ({@code pekko://slm@host:port}). */
        String address() {
            return "pekko://slm@127.0.0.1:" + port;
        }
    }

    static List<Member> allButCoordinator() {
        if (routerLeft == null) {
            return List.of();
        }
        List<Member> members = new ArrayList<>(List.of(routerLeft, routerRight));
        members.addAll(workers);
        return members;
    }

    /** Every scenario starts from the whole cluster, also when the one before failed half-way. */
    static void restoreCluster() {
        for (Member member : allButCoordinator()) {
            if (!member.process.isAlive()) {
                replace(member);
            }
        }
        awaitWholeCluster();
    }

    /** A new JVM in place of a member that died (its old incarnation is removed first by the cluster). */
    static void replace(Member member) {
        member.process.close();
        member.start();
        member.awaitUp();
        awaitWholeCluster();
    }

    static String topology() {
        return "slm.topology { arity = 2, depth = 2 }\n";
    }

    /** Waits until the coordinator sees all five members Up and reachable, two of them hosting the model. */
    static void awaitWholeCluster() {
        Eventually.eventually(MEMBER_START, () -> {
            JsonNode nodes = api.nodes();
            long hosts = 0;
            long up = 0;
            for (JsonNode node : nodes.path("nodes")) {
                if (node.path("status").asText().equals("Up")
                        && node.path("reachable").asBoolean()) {
                    up++;
                    if (node.path("models").toString().contains(MODEL)) {
                        hosts++;
                    }
                }
            }
            assertThat(up).as(nodes.toString()).isEqualTo(5);
            assertThat(hosts).as(nodes.toString()).isEqualTo(2);
        });
    }

    /** Addresses of the members the coordinator sees Up now. */
    static List<String> upAddresses() {
        List<String> up = new ArrayList<>();
        for (JsonNode node : api.nodes().path("nodes")) {
            if (node.path("status").asText().equals("Up")) {
                up.add(node.path("address").asText());
            }
        }
        return up;
    }

    /** Polls the membership (in the background) until {@code address} is no longer a member. */
    static CompletableFuture<Long> millisUntilRemoved(String label, String address, long sinceNanos) {
        return CompletableFuture.supplyAsync(() -> {
            Eventually.until(JOB_TIMEOUT, label + " (" + address + ") removed", () -> {
                for (JsonNode node : api.nodes().path("nodes")) {
                    if (node.path("address").asText().equals(address)) {
                        return false;
                    }
                }
                return true;
            });
            return (System.nanoTime() - sinceNanos) / 1_000_000;
        });
    }

    /** The engine process ({@code EngineHostMain}) the worker's JVM runs its model in. */
    static ProcessHandle engineProcess(Member worker) {
        return ProcessHandle.of(worker.process.pid())
                .orElseThrow()
                .descendants()
                .filter(p -> commandLine(p.pid()).contains("EngineHostMain"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no engine process under " + worker.name));
    }

    /** From /proc: ProcessHandle.Info leaves out the command line of some processes (long class paths). */
    static String commandLine(long pid) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    static void signal(long pid, String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---- jobs

    static String start(long seed) {
        return api.startJob(suite.toString(), List.of(MODEL), List.of(seed))
                .path("id")
                .asText();
    }

    static int done(String job) {
        return api.job(job).path("done").asInt();
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
                "scenario\tsubmitted\tcompleted\tfailed\tlost\tanswered_twice\tunlike_fault_free\trecovered_ms\tremoved_ms";
        static final String MARKDOWN_HEADER = """
                | Scenario | Submitted | Completed | Failed | Lost | Answered twice | Unlike fault-free | Recovered | Faulty part removed | Date, load (1-min, 2 cores) |
                |---|---|---|---|---|---|---|---|---|---|
                """;

        final String name;
        final long seed;
        int submitted;
        int completed;
        int failed;
        int lost = -1;
        int answeredTwice = -1;
        int differing = -1;
        long recoveredMillis = -1;
        long removedMillis = -1;

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
                    recoveredMillis < 0 ? "-" : Long.toString(recoveredMillis),
                    removedMillis < 0 ? "-" : Long.toString(removedMillis));
        }

        String markdownRow(String when) {
            return "| "
                    + String.join(
                            " | ",
                            name,
                            Integer.toString(submitted),
                            Integer.toString(completed),
                            Integer.toString(failed),
                            Integer.toString(lost),
                            Integer.toString(answeredTwice),
                            Integer.toString(differing),
                            seconds(recoveredMillis),
                            seconds(removedMillis),
                            when)
                    + " |";
        }

        static String seconds(long millis) {
            return millis < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
    }
}
