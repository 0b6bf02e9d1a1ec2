package org.slmcluster.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Tasks that name {@code model@version} reach a worker of that store version only, and every result says which
 * version served: version {@code v1} of {@code story} runs on {@code 0}, {@code v2} on {@code 1} and both on
 * {@code 11} (one replacing the other there).
 */
@IntegrationTest
class VersionedDispatchTest {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        cluster.start(NodeSettings.of("root", 2, 2, List.of()), model -> new FakeEngine(model, "root", counters));
        for (String label : List.of("0", "1", "11")) {
            cluster.start(NodeSettings.of(label, 2, 2, List.of()), model -> new FakeEngine(model, label, counters));
        }
        cluster.awaitUp(new TreeSet<>(List.of("root", "0", "1", "11")), Duration.ofSeconds(30));
        host("0", "v1");
        host("1", "v2");
        host("11", "v1");
        host("11", "v2");
        TestCluster.await(Duration.ofSeconds(20), "dispatcher sees every worker", () -> {
            TestProbe<ClusterStatus> probe = TestProbe.create(cluster.system("root"));
            dispatcher().tell(new TaskDispatcher.GetClusterStatus(probe.getRef()));
            ClusterStatus status = probe.receiveMessage(Duration.ofSeconds(5));
            return status.workers().size() == 4
                    && status.workers().stream().allMatch(w -> w.state().equals("READY"));
        });
    }

    private static void host(String label, String version) {
        TestProbe<NodeGuardian.Hosted> hosted = TestProbe.create(cluster.system(label));
        FakeEngine.Counters counters = new FakeEngine.Counters();
        cluster.system(label)
                .tell(new NodeGuardian.HostModel(
                        "story", version, model -> new FakeEngine(model, label, counters), hosted.getRef()));
        hosted.expectMessageClass(NodeGuardian.Hosted.class, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ActorRef<TaskDispatcher.Command> dispatcher() {
        return cluster.refs("root").dispatcher();
    }

    private static TaskResult run(String id, String model) {
        TestProbe<TaskResult> probe = TestProbe.create(cluster.system("root"));
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        id,
                        model,
                        GenerationRequest.completion("hello", GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(10),
                        probe.getRef()));
        return probe.expectMessageClass(TaskResult.class, Duration.ofSeconds(10));
    }

    @Test
    void aTaskNamingAVersionRunsOnThatVersionOnlyAndTheResultSaysWhichServed() {
        for (int i = 0; i < 6; i++) {
            TaskResult v1 = run("v1-" + i, "story@v1");
            assertThat(v1).isInstanceOfSatisfying(TaskResult.Completed.class, done -> {
                assertThat(done.version()).isEqualTo("v1");
                assertThat(done.nodeLabel()).isIn("0", "11");
            });
            TaskResult v2 = run("v2-" + i, "story@v2");
            assertThat(v2).isInstanceOfSatisfying(TaskResult.Completed.class, done -> {
                assertThat(done.version()).isEqualTo("v2");
                assertThat(done.nodeLabel()).isIn("1", "11");
            });
        }
        TaskResult any = run("any", "story");
        assertThat(any)
                .isInstanceOfSatisfying(
                        TaskResult.Completed.class,
                        done -> assertThat(done.version()).isIn("v1", "v2"));
    }

    @Test
    void anUnknownVersionFailsAtOnceNamingWhatIsHosted() {
        TaskResult missing = run("v3", "story@v3");
        assertThat(missing).isInstanceOfSatisfying(TaskResult.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.UNKNOWN_MODEL);
            assertThat(failed.reason())
                    .contains("story@v3")
                    .contains("story@v1")
                    .contains("story@v2");
        });
    }
}
