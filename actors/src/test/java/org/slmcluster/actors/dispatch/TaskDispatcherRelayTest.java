package org.slmcluster.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.topology.Topology;

/**
 * A router on the overlay path of a running task dies (issue 17, router SIGKILL): the task's request or answer
 * dies with it, so the dispatcher must not wait for the deadline. Members root, 0, 1, 10 (no models) and 11 (the
 * only host of {@code echo}); root reaches 11 through 1 and 11 answers through 1, around it through 0 and 10.
 */
@IntegrationTest
class TaskDispatcherRelayTest {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        Topology topology = Topology.of(2, 2);
        assertThat(topology.route("root", "11").path()).containsExactly("root", "1", "11");
        assertThat(topology.route("11", "root").path()).containsExactly("11", "1", "root");
        cluster = new TestCluster();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        for (String label : List.of("root", "0", "1", "10")) {
            cluster.start(NodeSettings.of(label, 2, 2, List.of()), model -> new FakeEngine(model, label, counters));
        }
        cluster.start(NodeSettings.of("11", 2, 2, List.of("echo")), model -> new FakeEngine(model, "11", counters));
        cluster.awaitUp(new TreeSet<>(List.of("root", "0", "1", "10", "11")), Duration.ofSeconds(30));
        TestCluster.await(
                Duration.ofSeconds(20),
                "dispatcher sees the worker",
                () -> status().workers().stream()
                        .anyMatch(w -> w.nodeLabel().equals("11") && w.state().equals("READY")));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ClusterStatus status() {
        TestProbe<ClusterStatus> probe = TestProbe.create(cluster.system("root"));
        cluster.refs("root").dispatcher().tell(new TaskDispatcher.GetClusterStatus(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    @Test
    void aTaskWhoseRouterDiesIsSentAgainAroundItInsteadOfWaitingForItsDeadline() {
        TestProbe<TaskResult> probe = TestProbe.create(cluster.system("root"));
        cluster.refs("root")
                .dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "relayed",
                        "echo",
                        GenerationRequest.completion("sleep:1000 relayed", GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(60),
                        probe.getRef()));
        // at once: the request is on its way through 1 (or its answer will come back through it)
        cluster.terminate("1");

        // without a new attempt around 1 the task would wait for its 60 s deadline
        TaskResult.Completed done = probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(30));
        assertThat(done.taskId()).isEqualTo("relayed");
        assertThat(done.nodeLabel()).isEqualTo("11");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.result().text()).isEqualTo("11:sleep:1000 relayed");
        probe.expectNoMessage(Duration.ofMillis(500));
    }
}
