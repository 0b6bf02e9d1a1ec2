package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeOverrides;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.testing.Eventually;
import org.slmcluster.testing.FastClusterSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Members in separate JVMs on 127.0.0.1 with random free ports: the coordinator runs in this JVM (the
 * test talks to its dispatcher), two workers hosting stories260K run as {@code slm node start} processes.
 */
@IntegrationTest
class NodeProcessClusterTest {

    @TempDir
    Path dir;

    @Test
    void aTaskOnASigkilledWorkerJvmCompletesOnTheOtherWorker() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        List<NodeProcess> processes = new ArrayList<>();
        NodeRuntime coordinator = null;
        try {
            long begun = System.nanoTime();
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", List.of()),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.PROPERTIES))));
            for (String label : List.of("0", "1")) {
                processes.add(NodeProcess.start(
                        "worker-" + label,
                        nodeFile("worker-" + label, label, List.of("stories260k")),
                        NodeOverrides.NONE
                                .withHost("127.0.0.1")
                                .withPort(ports.get(1 + Integer.parseInt(label)))
                                .withSeeds(List.of(seed)),
                        FastClusterSettings.PROPERTIES,
                        dir.resolve("work")));
            }
            for (NodeProcess process : processes) {
                process.awaitOutput(NodeProcess.UP, Duration.ofSeconds(90));
            }
            TestNodes.awaitUpMembers(coordinator, 3, Duration.ofSeconds(30));
            awaitHosts(coordinator, List.of("0", "1"), Duration.ofSeconds(30));
            System.out.println(
                    "coordinator + 2 worker JVMs Up after " + (System.nanoTime() - begun) / 1_000_000 + " ms");
            assertThat(processes.get(0).output())
                    .contains("worker-0 [0] listening on 127.0.0.1:" + ports.get(1))
                    .contains("models: stories260k");

            // Six tasks spread over both workers (fewest outstanding first); each runs 600 tokens, one
            // at a time per worker, so the victim still has work queued or running when it dies.
            GenerationRequest request = GenerationRequest.completion(
                    "Once upon a time", new GenerationParameters(600, 0.8, 0.95, 7L, List.of()));
            List<CompletableFuture<TaskResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(coordinator
                        .submit("task-" + i, "stories260k", request, Duration.ofSeconds(120))
                        .toCompletableFuture());
            }
            ClusterStatus.Member busiest = awaitBusiestWorker(coordinator, Duration.ofSeconds(20));
            NodeProcess victim = processes.get(Integer.parseInt(busiest.label()));
            String survivor = busiest.label().equals("0") ? "1" : "0";
            long killed = System.nanoTime();
            victim.kill();
            assertThat(victim.isAlive()).isFalse();
            System.out.println(
                    "SIGKILLed worker " + busiest.label() + " with " + busiest.outstanding() + " task(s) outstanding");

            List<Long> redispatchedAnswerMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (CompletableFuture<TaskResult> task : tasks) {
                task.thenAccept(r -> {
                    if (r instanceof TaskResult.Completed c && c.attempts() > 1) {
                        redispatchedAnswerMillis.add((System.nanoTime() - killed) / 1_000_000);
                    }
                });
            }
            List<TaskResult> results = new ArrayList<>();
            for (CompletableFuture<TaskResult> task : tasks) {
                results.add(task.get(150, TimeUnit.SECONDS));
            }
            System.out.println("output tokens: "
                    + results.stream()
                            .map(r -> r instanceof TaskResult.Completed c
                                    ? c.result().outputTokens()
                                    : -1)
                            .toList());
            System.out.println("all tasks answered " + (System.nanoTime() - killed) / 1_000_000
                    + " ms after the kill; re-dispatched tasks answered at " + redispatchedAnswerMillis + " ms");
            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(TaskResult.Completed.class));
            assertThat(results)
                    .extracting(TaskResult::taskId)
                    .containsExactly("task-0", "task-1", "task-2", "task-3", "task-4", "task-5");
            List<TaskResult.Completed> redispatched = results.stream()
                    .map(r -> (TaskResult.Completed) r)
                    .filter(c -> c.attempts() > 1)
                    .toList();
            assertThat(redispatched)
                    .as("tasks re-dispatched after the kill")
                    .isNotEmpty()
                    .allSatisfy(c -> {
                        assertThat(c.nodeLabel()).isEqualTo(survivor);
                        assertThat(c.result().outputTokens()).isPositive();
                        assertThat(c.result().text()).isNotBlank();
                    });

            TestNodes.awaitUpMembers(coordinator, 2, Duration.ofSeconds(60));
            System.out.println(
                    "SIGKILLed worker removed " + (System.nanoTime() - killed) / 1_000_000 + " ms after the kill");
            assertThat(processes.get(Integer.parseInt(survivor)).isAlive()).isTrue();

            // A second JVM claiming the survivor's label is refused, leaves, and its node command exits 1.
            NodeProcess duplicate = NodeProcess.start(
                    "duplicate-" + survivor,
                    nodeFile("duplicate", survivor, List.of()),
                    NodeOverrides.NONE
                            .withHost("127.0.0.1")
                            .withPort(FreePorts.pick())
                            .withSeeds(List.of(seed)),
                    FastClusterSettings.PROPERTIES,
                    dir.resolve("work"));
            processes.add(duplicate);
            assertThat(duplicate.waitFor(Duration.ofSeconds(90)))
                    .as(duplicate.output())
                    .contains(1);
            assertThat(duplicate.output())
                    .contains("label " + survivor + " is already held by member")
                    .contains("duplicate [" + survivor + "] left the cluster");
            assertThat(processes.get(Integer.parseInt(survivor)).isAlive()).isTrue();
        } finally {
            // The coordinator leaves while the survivor can still acknowledge; then every JVM is killed.
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
            for (NodeProcess process : processes) {
                process.close();
            }
        }
    }

    /** Waits until the dispatcher lists stories260k on every one of {@code labels}. */
    private static void awaitHosts(NodeRuntime coordinator, List<String> labels, Duration timeout) {
        Eventually.eventually(
                timeout,
                () -> assertThat(status(coordinator).members().stream()
                                .filter(m -> m.models().contains("stories260k"))
                                .map(ClusterStatus.Member::label))
                        .as("members the dispatcher lists with stories260k")
                        .containsAll(labels));
    }

    /** The worker with the most task attempts in flight, once the dispatcher has sent some. */
    private static ClusterStatus.Member awaitBusiestWorker(NodeRuntime coordinator, Duration timeout) {
        return Eventually.eventually(
                timeout,
                () -> status(coordinator).members().stream()
                        .filter(m -> !m.label().equals("root"))
                        .max(Comparator.comparingInt(ClusterStatus.Member::outstanding))
                        .filter(m -> m.outstanding() > 0)
                        .orElseThrow(() -> new AssertionError("no worker has a task in flight")));
    }

    private static ClusterStatus status(NodeRuntime coordinator) throws Exception {
        return coordinator
                .clusterStatus(Duration.ofSeconds(5))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** A node file like those in nodes/, on a depth-1 overlay (root, 0, 1), including the real cluster.conf. */
    private Path nodeFile(String name, String label, List<String> models) throws IOException {
        return TestNodes.nodeFile(
                dir, name, label, models, "slm.topology.depth = 1\n" + "slm.models.stories260k.context-size = 2048\n");
    }
}
