package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The disk-full row of the fault-injection table (issue 17, docs/FAULTS.md): the coordinator's data directory
 * is a small tmpfs this test mounts (it runs as root; skipped, with the reason, where mounting is refused), a
 * worker JVM hosts stories260K. A fault-free run of the evaluation job is the reference; a second run (its own
 * seed) fills the file system once 4 items are recorded. The job must stop with a reason naming the full disk,
 * the API must answer requests that need the disk with 507 in the one error shape and keep answering reads, and
 * the ledger must open afterwards and hold every result the job acknowledged, once, equal to the reference
 * run's. (Resuming in the same coordinator once space is freed does not work yet: docs/FAULTS.md.)
 */
@IntegrationTest
class DiskFullTest {

    static final String MODEL = "stories260k";
    static final int ITEMS = FaultInjectionTest.ITEMS;
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path dir;

    static Path data;
    static boolean mounted;
    static NodeProcess coordinator;
    static NodeProcess worker;
    static PlatformClient api;

    @BeforeAll
    static void startCluster() throws Exception {
        data = Files.createDirectories(dir.resolve("coordinator-data"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", data.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(
                mount.waitFor() == 0,
                "mounting a tmpfs is refused here ('mount' said: " + said.strip()
                        + "); the disk-full test needs root and a kernel that allows it");
        mounted = true;
        List<Integer> ports = FreePorts.pick(3);
        Map<String, String> properties = new TreeMap<>(FastClusterSettings.JOINING);
        properties.put("slm.data.dir", data.toString());
        coordinator = NodeProcess.start(
                "coordinator",
                TestNodes.nodeFile(dir, "coordinator", "root", List.of(), FaultInjectionTest.topology()),
                NodeOverrides.NONE
                        .withHost("127.0.0.1")
                        .withPort(ports.get(0))
                        .withSeeds(List.of("127.0.0.1:" + ports.get(0)))
                        .withHttpPort(ports.get(2)),
                properties,
                dir.resolve("work"));
        coordinator.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        worker = NodeProcess.start(
                "worker",
                TestNodes.nodeFile(dir, "worker", "0", List.of(MODEL), FaultInjectionTest.topology()),
                NodeOverrides.NONE
                        .withHost("127.0.0.1")
                        .withPort(ports.get(1))
                        .withSeeds(List.of("127.0.0.1:" + ports.get(0))),
                FastClusterSettings.JOINING,
                dir.resolve("work"));
        worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
        api = new PlatformClient(URI.create("http://127.0.0.1:" + ports.get(2)), null, Duration.ofSeconds(30));
        Eventually.eventually(
                Duration.ofSeconds(120),
                () -> assertThat(api.nodes().path("nodes").toString()).contains(MODEL));
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(20));
            }
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (mounted) {
                Process umount = new ProcessBuilder("umount", data.toString())
                        .inheritIO()
                        .start();
                if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
                    new ProcessBuilder("umount", "-l", data.toString())
                            .inheritIO()
                            .start()
                            .waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void aJobWhoseDataDirectoryFillsUpStopsWithTheReasonAndResumesOnceThereIsSpace() throws Exception {
        Path suite = FaultInjectionTest.writeSuite(dir.resolve("suite"));
        // the reference: the same job, fault-free
        JsonNode reference = awaitEnd(start(suite, 1));
        assertThat(reference.path("state").asText()).as(reference.toString()).isEqualTo("completed");

        String job = start(suite, 2);
        Eventually.until(
                JOB_TIMEOUT,
                "job " + job + " has 4 done",
                () -> api.job(job).path("done").asInt() >= 4);
        long filled = System.nanoTime();
        Path filler = fill(data.resolve("filler"));
        JsonNode stopped = awaitEnd(job);
        long stoppedMillis = (System.nanoTime() - filled) / 1_000_000;
        System.out.println("disk full: job stopped " + stoppedMillis + " ms after the disk filled: " + stopped);
        assertThat(stopped.path("state").asText()).as(stopped.toString()).isEqualTo("interrupted");
        assertThat(stopped.path("reason").asText())
                .as(stopped.toString())
                .contains("no space left")
                .contains(data.toString());
        assertThat(stopped.path("done").asInt()).as(stopped.toString()).isLessThan(ITEMS);

        // a request that needs the disk: 507 in the one error shape, naming the problem, no stack trace
        assertThatThrownBy(() -> start(suite, 3)).isInstanceOfSatisfying(ClientException.class, e -> {
            assertThat(e.status()).isEqualTo(507);
            assertThat(e.type()).isEqualTo("insufficient_storage");
            assertThat(e.getMessage()).contains("no space left").doesNotContain("\tat ", "Exception");
        });
        // reads still work
        assertThat(api.job(job).path("id").asText()).isEqualTo(job);

        // Space again. Known limitation (docs/FAULTS.md): H2 does not reopen, in the same process, the database
        // it closed on the failed write, so a resume in this coordinator times out reading the ledger. What
        // must hold already: the ledger on disk opens, keeps every acknowledged result, once, as in the
        // fault-free run.
        Files.delete(filler);
        coordinator.stop(Duration.ofSeconds(30));
        int acknowledged = stopped.path("done").asInt();
        try (Ledgers ledgers = Ledgers.open(data)) {
            Map<String, Integer> journaled = new HashMap<>();
            ledgers.journaledIds(MODEL).forEach(id -> journaled.merge(id, 1, Integer::sum));
            assertThat(journaled)
                    .as("task ids journaled more than once")
                    .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
            Map<Long, Map<String, ScoredItem>> bySeed = ledgers.items(MODEL).stream()
                    .collect(Collectors.groupingBy(
                            item -> item.key().seed(),
                            Collectors.toMap(item -> item.key().item(), Function.identity())));
            assertThat(bySeed.get(1L)).hasSize(ITEMS);
            Map<String, ScoredItem> recorded = bySeed.getOrDefault(2L, Map.of());
            assertThat(recorded.size())
                    .as("items of the disk-full run in the ledger (the job had acknowledged " + acknowledged + ")")
                    .isGreaterThanOrEqualTo(acknowledged);
            int unlike = 0;
            for (ScoredItem item : recorded.values()) {
                if (!FaultInjectionTest.sameOutcome(
                        item, bySeed.get(1L).get(item.key().item()))) {
                    unlike++;
                }
            }
            assertThat(unlike)
                    .as("answers or scores unlike the fault-free run's")
                    .isZero();
            System.out.println("disk full\t" + ITEMS + "\t" + recorded.size() + "\t"
                    + stopped.path("failed").asInt() + "\t0\t0\t" + unlike + "\tstopped after " + stoppedMillis
                    + " ms; load " + FaultInjectionTest.loadAverage() + ", " + Instant.now());
        }
    }

    static String start(Path suite, long seed) {
        return api.startJob(suite.toString(), List.of(MODEL), List.of(seed))
                .path("id")
                .asText();
    }

    static JsonNode awaitEnd(String job) {
        return Eventually.eventually(JOB_TIMEOUT, () -> {
            JsonNode state = api.job(job);
            assertThat(state.path("state").asText()).isNotIn("running");
            return state;
        });
    }

    /** Writes zeros to {@code file} until the file system is full; returns the file. */
    static Path fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return file;
    }
}
