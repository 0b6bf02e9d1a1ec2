package org.slmcluster.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
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
 * The failure detection and downing of cluster.conf, unchanged (only joining is sped up), on a coordinator
 * in this JVM and three {@code slm node start} JVMs hosting stories260K: a SIGKILLed member is removed within
 * about 10 s, and a member stalled for 15 s (SIGSTOP) while the others generate is removed alone, the rest of
 * the cluster staying Up and every task answered. The times are printed and written down in docs/FAULTS.md.
 */
@IntegrationTest
class FailureDetectionTest {

    private static final Duration STALL = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aKilledMemberIsRemovedWithinSecondsAndAStalledOneDoesNotBringTheClusterDown() throws Exception {
        List<Integer> ports = FreePorts.pick(4);
        String seed = "127.0.0.1:" + ports.get(0);
        List<NodeProcess> workers = new ArrayList<>();
        NodeRuntime coordinator = null;
        try {
            coordinator = NodeRuntime.start(NodeConfig.load(
                    nodeFile("coordinator", "root", List.of()),
                    NodeOverrides.NONE
                            .withPort(ports.get(0))
                            .withSeeds(List.of(seed))
                            .withSettings(ConfigFactory.parseMap(FastClusterSettings.JOINING))));
            for (String label : List.of("0", "1", "2")) {
                workers.add(NodeProcess.start(
                        "worker-" + label,
                        nodeFile("worker-" + label, label, List.of("stories260k")),
                        NodeOverrides.NONE
                                .withHost("127.0.0.1")
                                .withPort(ports.get(1 + workers.size()))
                                .withSeeds(List.of(seed)),
                        FastClusterSettings.JOINING,
                        dir.resolve("work")));
            }
            for (NodeProcess worker : workers) {
                worker.awaitOutput(NodeProcess.UP, Duration.ofSeconds(120));
            }
            TestNodes.awaitUpMembers(coordinator, 4, Duration.ofSeconds(60));
            awaitHosts(coordinator, List.of("0", "1", "2"), Duration.ofSeconds(60));

            // SIGKILL: how long until the others have removed the member
            Address killedAt = address(ports.get(1));
            long killed = System.nanoTime();
            workers.get(0).kill();
            Timeline kill = watch(coordinator, killedAt, killed, Duration.ofSeconds(60));
            System.out.println("SIGKILL: " + kill);
            assertThat(kill.removedMillis()).as("SIGKILLed member removed").isPositive();
            assertThat(kill.removedMillis())
                    .as("a SIGKILLed member is removed within ~10 s")
                    .isLessThan(15_000);

            // SIGSTOP for 15 s while the remaining workers generate
            GenerationRequest request = GenerationRequest.completion(
                    "Once upon a time", new GenerationParameters(300, 0.8, 0.95, 7L, List.of()));
            List<CompletableFuture<TaskResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tasks.add(coordinator
                        .submit("busy-" + i, "stories260k", request, Duration.ofSeconds(150))
                        .toCompletableFuture());
            }
            NodeProcess stalled = workers.get(1);
            Address stalledAt = address(ports.get(2));
            long stopped = System.nanoTime();
            stalled.suspend();
            Timeline stall;
            try {
                stall = watch(coordinator, stalledAt, stopped, STALL);
            } finally {
                stalled.resume();
            }
            long resumed = System.nanoTime();
            System.out.println("SIGSTOP " + STALL.toSeconds() + " s: " + stall);

            List<TaskResult> results = new ArrayList<>();
            for (CompletableFuture<TaskResult> task : tasks) {
                results.add(task.get(180, TimeUnit.SECONDS));
            }
            assertThat(results)
                    .as("every task submitted around the stall is answered")
                    .allSatisfy(r -> assertThat(r).isInstanceOf(TaskResult.Completed.class));
            // the rest of the cluster is still the cluster: the coordinator and the busy worker stay Up
            NodeRuntime root = coordinator;
            Eventually.eventually(Duration.ofSeconds(60), () -> {
                List<Member> members = TestNodes.members(root);
                assertThat(members)
                        .as("members after the stall")
                        .anyMatch(m -> m.address().equals(address(ports.get(0))) && m.status() == MemberStatus.up())
                        .anyMatch(m -> m.address().equals(address(ports.get(3))) && m.status() == MemberStatus.up())
                        .noneMatch(m -> m.address().equals(stalledAt));
            });
            long removedAfterStop =
                    stall.removedMillis() > 0 ? stall.removedMillis() : (System.nanoTime() - stopped) / 1_000_000;
            System.out.println("stalled member removed " + removedAfterStop + " ms after SIGSTOP ("
                    + (System.nanoTime() - resumed) / 1_000_000 + " ms since SIGCONT now)");
            // the stalled member learns it was downed and its node command exits: it does not linger half-in
            assertThat(stalled.waitFor(Duration.ofSeconds(60)))
                    .as(stalled.output())
                    .isPresent();
            assertThat(workers.get(2).isAlive()).isTrue();
            TaskResult after = coordinator
                    .submit("after", "stories260k", request, Duration.ofSeconds(60))
                    .toCompletableFuture()
                    .get(90, TimeUnit.SECONDS);
            assertThat(after).isInstanceOf(TaskResult.Completed.class);
            assertThat(((TaskResult.Completed) after).nodeLabel()).isEqualTo("2");
        } finally {
            if (coordinator != null) {
                coordinator.stop(Duration.ofSeconds(10));
            }
            for (NodeProcess worker : workers) {
                worker.close();
            }
        }
    }

    /** When the member at {@code at} was seen unreachable and removed, in ms after {@code sinceNanos}; -1: not. */
    record Timeline(long unreachableMillis, long removedMillis) {
        @Override
        public String toString() {
            return "unreachable after " + unreachableMillis + " ms, removed after " + removedMillis + " ms";
        }
    }

    /** Polls the coordinator's view every 50 ms for up to {@code timeout} or until the member is removed. */
    private static Timeline watch(NodeRuntime coordinator, Address at, long sinceNanos, Duration timeout)
            throws InterruptedException {
        long unreachable = -1;
        long end = sinceNanos + timeout.toNanos();
        while (System.nanoTime() < end) {
            ClusterEvent.CurrentClusterState state =
                    Cluster.get(coordinator.system()).state();
            long now = (System.nanoTime() - sinceNanos) / 1_000_000;
            boolean seenUnreachable = false;
            for (Member m : state.getUnreachable()) {
                seenUnreachable |= m.address().equals(at);
            }
            if (seenUnreachable && unreachable < 0) {
                unreachable = now;
            }
            boolean present = false;
            for (Member m : state.getMembers()) {
                present |= m.address().equals(at);
            }
            if (!present) {
                return new Timeline(unreachable, now);
            }
            // a fault's duration, sampled; not a wait for a condition
            Thread.sleep(50);
        }
        return new Timeline(unreachable, -1);
    }

    private static Address address(int port) {
        return new Address("pekko", "slm", "127.0.0.1", port);
    }

    private static void awaitHosts(NodeRuntime coordinator, List<String> labels, Duration timeout) {
        Eventually.eventually(
                timeout,
                () -> assertThat(coordinator
                                .clusterStatus(Duration.ofSeconds(5))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                                .members()
                                .stream()
                                .filter(m -> m.models().contains("stories260k"))
                                .map(ClusterStatus.Member::label))
                        .containsAll(labels));
    }

    /** A node file like those in nodes/ on an arity-3 depth-1 overlay (root, 0, 1, 2), including the real cluster.conf. */
    private Path nodeFile(String name, String label, List<String> models) throws IOException {
        return TestNodes.nodeFile(dir, name, label, models, "slm.topology { arity = 3, depth = 1 }\n");
    }
}
