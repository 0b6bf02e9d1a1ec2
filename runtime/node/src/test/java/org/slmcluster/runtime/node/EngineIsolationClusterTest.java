package org.slmcluster.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.metrics.MemberMetrics;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.testing.RepoFiles;

/**
 * Member {@code 0} hosts both test models, each in its own engine process; member {@code 1} hosts the tiny one
 * too. The tiny model's engine on {@code 0} is SIGKILLed in the middle of a generation.
 */
@IntegrationTest
class EngineIsolationClusterTest {

    private static final String STORIES = "stories260k";
    private static final String TINY = "llama-2-tiny-random";
    /** Backoff 200 ms plus an engine JVM start and load: well inside this on a loaded 2-core machine. */
    private static final Duration ENGINE_BACK_WITHIN = Duration.ofSeconds(30);

    static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        Map<String, String> settings = new java.util.LinkedHashMap<>(FastClusterSettings.JOINING);
        settings.put("slm.engine.isolation", "process");
        settings.put("slm.engine.heartbeat-interval", "200ms");
        settings.put("slm.engine.heartbeat-timeout", "3s");
        settings.put("slm.worker.restart-backoff-min", "200ms");
        cluster = EmbeddedCluster.start(
                2,
                1,
                Map.of("0", List.of(STORIES, TINY), "1", List.of(TINY)),
                EmbeddedCluster.Options.defaults()
                        .withClusterConf(RepoFiles.clusterConf())
                        .withSettings(FastClusterSettings.hocon(settings))
                        .withDefaultDeadline(Duration.ofSeconds(120)));
        cluster.awaitUp(Duration.ofSeconds(60));
        Eventually.until(
                Duration.ofSeconds(90),
                "every engine ready",
                // all three workers listed (an empty list, before they register, would match vacuously)
                () -> workers().size() == 3
                        && workers().stream()
                                .allMatch(w -> w.state().equals("READY")
                                        && w.process() != null
                                        && w.process().pid() > 0));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void aKilledEngineFailsOverWhileTheOtherModelKeepsServingAndComesBack() throws Exception {
        WorkerStatus tinyOnZero = worker("0", TINY);
        long killedPid = tinyOnZero.process().pid();
        long storiesPid = worker("0", STORIES).process().pid();
        assertThat(killedPid)
                .isNotEqualTo(storiesPid)
                .isNotEqualTo(ProcessHandle.current().pid());

        // the dispatcher picks member 0 for the first task (label order among equally near hosts)
        CompletableFuture<TaskResult> longTask = cluster.submit(
                        TINY,
                        GenerationRequest.completion("hello", new GenerationParameters(1500, 0.0, 1.0, 7L, List.of())))
                .toCompletableFuture();
        Eventually.until(
                Duration.ofSeconds(20),
                "the tiny model generating on member 0",
                () -> worker("0", TINY).running() == 1);
        signal("KILL", killedPid);

        // the other model on the same member answers throughout
        List<TaskResult> storiesResults = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            storiesResults.add(cluster.submit(
                            STORIES,
                            GenerationRequest.completion(
                                    "Once upon a time", new GenerationParameters(16, 0.0, 1.0, i, List.of())))
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS));
        }
        assertThat(storiesResults).allSatisfy(result -> {
            assertThat(result).isInstanceOf(TaskResult.Completed.class);
            assertThat(((TaskResult.Completed) result).nodeLabel()).isEqualTo("0");
        });
        assertThat(worker("0", STORIES).process().pid()).isEqualTo(storiesPid);
        assertThat(worker("0", STORIES).restarts()).isZero();

        // the killed model's task completes on the other member, once
        TaskResult result = longTask.get(120, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(TaskResult.Completed.class);
        TaskResult.Completed completed = (TaskResult.Completed) result;
        assertThat(completed.nodeLabel()).isEqualTo("1");
        assertThat(completed.attempts()).isEqualTo(2);
        assertThat(completed.result().outputTokens()).isPositive();

        // its engine is back on member 0, in a new process, the crash on record
        WorkerStatus back = Eventually.eventually(ENGINE_BACK_WITHIN, () -> {
            WorkerStatus w = worker("0", TINY);
            assertThat(w.state()).isEqualTo("READY");
            assertThat(w.process().pid()).isPositive().isNotEqualTo(killedPid);
            return w;
        });
        assertThat(back.restarts()).isEqualTo(1);
        assertThat(back.lastError()).contains("engine crashed").contains("SIGKILL");
        assertThat(back.process().rssBytes()).isPositive();

        ClusterStatus status =
                cluster.status(Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(status.counters().redispatched()).isGreaterThanOrEqualTo(1);
        assertThat(status.counters().failed()).isZero();
        assertThat(status.counters().completed()).isEqualTo(status.counters().submitted());
    }

    /**
     * With process isolation the engine process's resident memory is the model's: member 0 exports it per
     * model, and it is what the kernel says of that process (VmRSS), not the member's own.
     */
    @Test
    void eachEngineProcessResidentMemoryIsExportedPerModel() throws Exception {
        for (String model : List.of(STORIES, TINY)) {
            long pid = worker("0", model).process().pid();
            Eventually.eventually(Duration.ofSeconds(10), () -> {
                double exported = engineMemory("0", model);
                long kernel = residentBytes(pid);
                assertThat(exported).as(model).isPositive();
                // read a sweep (200 ms) apart: equal within 20%
                assertThat(exported).as(model).isBetween(0.8 * kernel, 1.2 * kernel);
                assertThat(exported).as(model).isLessThan((double)
                        residentBytes(ProcessHandle.current().pid()));
            });
        }
    }

    private static double engineMemory(String member, String model) {
        for (MetricSnapshot snapshot :
                MemberMetrics.get(cluster.member(member).system()).registry().scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals("slm_engine_process_resident_memory_bytes")) {
                for (GaugeSnapshot.GaugeDataPointSnapshot point : ((GaugeSnapshot) snapshot).getDataPoints()) {
                    if (model.equals(point.getLabels().get("model"))) {
                        return point.getValue();
                    }
                }
            }
        }
        return -1;
    }

    /** VmRSS of {@code pid} from {@code /proc/<pid>/status}. */
    private static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024L;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private static List<WorkerStatus> workers() {
        return cluster.status(Duration.ofSeconds(10))
                .toCompletableFuture()
                .orTimeout(15, TimeUnit.SECONDS)
                .join()
                .workers();
    }

    private static WorkerStatus worker(String label, String model) {
        return workers().stream()
                .filter(w -> w.nodeLabel().equals(label) && w.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker for " + model + " on " + label));
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
    }
}
