package org.slmcluster.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.testing.IntegrationTest;

/**
 * Direct routing, per-attempt timeouts with duplicate results, and label uniqueness, on a cluster of
 * root, 0 and 11 (arity 2, depth 2) in one JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class LabelsAndDirectRoutingTest {

    private static TestCluster cluster;
    private static final FakeEngine.Counters counters = new FakeEngine.Counters();

    private static NodeSettings direct(String label, List<String> models) {
        return NodeSettings.of(label, 2, 2, models).withRoutingMode(RoutingMode.DIRECT);
    }

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        cluster.start(
                direct("root", List.of()).withAttemptTimeout(Duration.ofMillis(1000)),
                model -> new FakeEngine(model, "root", counters));
        for (String label : List.of("0", "11")) {
            cluster.start(direct(label, List.of("echo")), model -> new FakeEngine(model, label, counters));
        }
        cluster.awaitUp(Set.of("root", "0", "11"), Duration.ofSeconds(30));
        TestCluster.await(
                Duration.ofSeconds(20),
                "dispatcher sees both workers",
                () -> status().workers().size() == 2);
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
    @Order(1)
    void directModeGoesStraightToTheDestination() {
        TestProbe<Delivered> delivered = TestProbe.create(cluster.system("root"));
        TestProbe<Undeliverable> failures = TestProbe.create(cluster.system("root"));
        cluster.refs("root")
                .router()
                .tell(new DeBruijnRouter.Send("11", new Probe(delivered.getRef()), failures.getRef()));
        Delivered arrived = delivered.receiveMessage(Duration.ofSeconds(5));
        // the overlay would take root -> 1 -> 11, and 1 is not even running
        assertThat(arrived.envelope().trace()).containsExactly("root", "11");
        assertThat(arrived.hops()).isEqualTo(1);

        TestProbe<TaskResult> results = TestProbe.create(cluster.system("root"));
        cluster.refs("root")
                .dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "d1",
                        "echo",
                        GenerationRequest.completion("hi", GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(10),
                        results.getRef()));
        TaskResult.Completed done = results.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(10));
        assertThat(done.requestTrace()).containsExactly("root", done.nodeLabel());
        assertThat(done.replyTrace()).containsExactly(done.nodeLabel(), "root");
    }

    @Test
    @Order(2)
    void slowAttemptIsRetriedElsewhereAndTheCallerGetsOneAnswer() {
        TestProbe<TaskResult> results = TestProbe.create(cluster.system("root"));
        cluster.refs("root")
                .dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "slow",
                        "echo",
                        GenerationRequest.completion("sleep:1600 slow", GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(10),
                        results.getRef()));
        TaskResult.Completed done = results.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(10));
        // attempt 1 went to 0 and timed out after 1 s; attempt 2 went to 11; 0 answered first
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.nodeLabel()).isEqualTo("0");
        // 11 answers about a second later: that duplicate is dropped
        results.expectNoMessage(Duration.ofMillis(1500));
        assertThat(counters.generations.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(3)
    void secondMemberClaimingATakenLabelIsRefusedAndLeaves() {
        String original =
                Cluster.get(cluster.system("0")).selfMember().address().toString();
        ActorSystem<NodeGuardian.Command> duplicate =
                cluster.start(direct("0", List.of("echo")), model -> new FakeEngine(model, "0-dup", counters));
        TestCluster.awaitTerminated(duplicate, Duration.ofSeconds(30));

        assertThat(cluster.system("0").whenTerminated().isCompleted()).isFalse();
        assertThat(Cluster.get(cluster.system("0")).selfMember().status()).isEqualTo(MemberStatus.up());
        TestCluster.await(Duration.ofSeconds(10), "duplicate removed", () -> cluster.memberCount("root") == 3);
        ClusterStatus status = status();
        assertThat(status.members()).extracting(ClusterStatus.Member::label).containsExactly("root", "0", "11");
        assertThat(status.members().get(1).address()).isEqualTo(original);
    }

    @Test
    @Order(4)
    void guardianRefusesToRunWithoutItsLabelRole() {
        NodeSettings settings = NodeSettings.of("1", 2, 2, List.of());
        ActorSystem<NodeGuardian.Command> system = ActorSystem.create(
                NodeGuardian.create(settings, model -> new FakeEngine(model, "1", counters)),
                NodeGuardian.SYSTEM_NAME,
                TestCluster.memberConfig(TestCluster.freePort(), null));
        try {
            TestCluster.awaitTerminated(system, Duration.ofSeconds(20));
        } finally {
            system.terminate();
        }
    }
}
