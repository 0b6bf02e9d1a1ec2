package org.slmcluster.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.testing.IntegrationTest;
import org.slmcluster.topology.Topology;

/**
 * Coordinator plus three members hosting model {@code echo} (0 and 1 one hop away, 11 two hops away;
 * 1 also hosts {@code tiny} with a one-slot queue) in one JVM. The last test crashes the member running a task and expects the task to finish elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class TaskDispatcherTest {

    private static final Topology TOPOLOGY = Topology.of(2, 2);
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        cluster.start(NodeSettings.of("root", 2, 2, List.of()), model -> new FakeEngine(model, "root", counters));
        cluster.start(NodeSettings.of("0", 2, 2, List.of("echo")), model -> new FakeEngine(model, "0", counters));
        // node 1 holds one waiting request at most, and is the only host of model tiny
        cluster.start(
                NodeSettings.of("1", 2, 2, List.of("echo", "tiny")).withWorkerQueueCapacity(1),
                model -> new FakeEngine(model, "1", counters));
        cluster.start(NodeSettings.of("11", 2, 2, List.of("echo")), model -> new FakeEngine(model, "11", counters));
        cluster.awaitUp(new TreeSet<>(List.of("root", "0", "1", "11")), Duration.ofSeconds(30));
        TestCluster.await(Duration.ofSeconds(20), "dispatcher sees every worker", () -> {
            ClusterStatus status = status();
            return status.workers().size() == 4
                    && status.workers().stream().allMatch(w -> w.state().equals("READY"));
        });
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

    private static ClusterStatus status() {
        TestProbe<ClusterStatus> probe = TestProbe.create(cluster.system("root"));
        dispatcher().tell(new TaskDispatcher.GetClusterStatus(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    private static GenerationRequest prompt(String text) {
        return GenerationRequest.completion(text, GenerationParameters.DEFAULTS);
    }

    private static TestProbe<TaskResult> probe() {
        return TestProbe.create(cluster.system("root"));
    }

    @Test
    @Order(1)
    void statusListsMembersLabelsModelsAndQueues() {
        ClusterStatus status = status();
        assertThat(status.coordinatorLabel()).isEqualTo("root");
        assertThat(status.members()).extracting(ClusterStatus.Member::label).containsExactly("root", "0", "1", "11");
        assertThat(status.members()).allMatch(m -> m.status().equals("Up") && m.reachable());
        assertThat(status.members().get(0).models()).isEmpty();
        assertThat(status.members().get(3).models()).containsExactly("echo");
        assertThat(status.members().get(2).models()).containsExactly("echo", "tiny");
        assertThat(status.workers())
                .extracting(w -> w.nodeLabel() + "/" + w.model())
                .containsExactly("0/echo", "1/echo", "1/tiny", "11/echo");
        assertThat(status.workers()).extracting(WorkerStatus::queueCapacity).containsExactly(16, 1, 1, 16);
        assertThat(status.workers()).allMatch(w -> w.queued() == 0 && w.running() == 0);
        assertThat(status.inFlight()).isZero();
    }

    @Test
    @Order(2)
    void completesATaskAndRoutesTheResultBack() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "hello", "echo", prompt("hello world"), Duration.ofSeconds(10), probe.getRef()));
        TaskResult.Completed done = probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(10));
        assertThat(done.taskId()).isEqualTo("hello");
        assertThat(done.nodeLabel()).isEqualTo("0");
        assertThat(done.result().text()).isEqualTo("0:hello world");
        assertThat(done.result().outputTokens()).isEqualTo(2);
        assertThat(done.requestTrace()).containsExactly("root", "0");
        assertThat(done.replyTrace()).containsExactly("0", "root");
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void picksTheLeastLoadedNodeThenFewestHopsThenLabelOrder() {
        TestProbe<TaskResult> probe = probe();
        for (String id : List.of("a", "b", "c", "d")) {
            dispatcher()
                    .tell(TaskDispatcher.Submit.within(
                            id, "echo", prompt("sleep:600 " + id), Duration.ofSeconds(20), probe.getRef()));
        }
        java.util.Map<String, TaskResult.Completed> byId = new java.util.HashMap<>();
        for (int i = 0; i < 4; i++) {
            TaskResult.Completed done = probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(15));
            byId.put(done.taskId(), done);
        }
        // a: all idle, 0 and 1 one hop, 0 first by label; b: 1 is idle; c: 11 is idle (two hops);
        // d: everyone has one, so the fewest hops and label order pick 0 again
        assertThat(byId.get("a").nodeLabel()).isEqualTo("0");
        assertThat(byId.get("b").nodeLabel()).isEqualTo("1");
        assertThat(byId.get("c").nodeLabel()).isEqualTo("11");
        assertThat(byId.get("d").nodeLabel()).isEqualTo("0");
        assertThat(byId.get("c").requestTrace())
                .isEqualTo(TOPOLOGY.route("root", "11").path());
        assertThat(byId.get("c").hops()).isEqualTo(2);
        assertThat(byId.get("c").replyTrace()).containsExactly("11", "1", "root");
        TestCluster.await(
                Duration.ofSeconds(5),
                "no outstanding work",
                () -> status().members().stream().allMatch(m -> m.outstanding() == 0));
    }

    @Test
    @Order(4)
    void unknownModelFailsAtOnce() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "u", "no-such-model", prompt("x"), Duration.ofSeconds(5), probe.getRef()));
        TaskResult.Failed failed = probe.expectMessageClass(TaskResult.Failed.class);
        assertThat(failed.kind()).isEqualTo(FailureKind.UNKNOWN_MODEL);
        assertThat(failed.reason()).contains("no-such-model").contains("echo");
    }

    @Test
    @Order(5)
    void deadlinePassingAnswersTimeoutOnceAndLateResultsAreDropped() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "slow", "echo", prompt("sleep:900 slow"), Duration.ofMillis(300), probe.getRef()));
        TaskResult.Failed failed = probe.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(3));
        assertThat(failed.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failed.reason()).contains("deadline");
        // the worker still finishes the generation; its late result must not reach the caller again
        probe.expectNoMessage(Duration.ofMillis(1200));
    }

    @Test
    @Order(6)
    void aPromptOverTheContextIsAClientErrorAndNotRetriedElsewhere() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "overlong", "echo", prompt("overlong prompt"), Duration.ofSeconds(10), probe.getRef()));
        TaskResult.Failed failed = probe.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(10));
        assertThat(failed.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.reason()).contains("does not fit the context of echo");
    }

    @Test
    @Order(6)
    void engineErrorIsRetriedElsewhereThenReported() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "bad", "echo", prompt("error please"), Duration.ofSeconds(10), probe.getRef()));
        TaskResult.Failed failed = probe.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(10));
        assertThat(failed.kind()).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.reason()).contains("bad request for echo").contains("tried nodes");
    }

    @Test
    @Order(7)
    void overloadedIsReportedWhenNoOtherHostIsLeft() {
        TestProbe<TaskResult> probe = probe();
        for (String id : List.of("t1", "t2", "t3")) {
            dispatcher()
                    .tell(TaskDispatcher.Submit.within(
                            id, "tiny", prompt("sleep:500 " + id), Duration.ofSeconds(10), probe.getRef()));
        }
        // t1 runs, t2 waits in the one queue slot, t3 is refused at once
        TaskResult.Failed refused = probe.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(5));
        assertThat(refused.taskId()).isEqualTo("t3");
        assertThat(refused.kind()).isEqualTo(FailureKind.OVERLOADED);
        assertThat(refused.reason()).contains("model tiny on node 1 is overloaded");
        assertThat(probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(5))
                        .taskId())
                .isEqualTo("t1");
        assertThat(probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(5))
                        .taskId())
                .isEqualTo("t2");
    }

    @Test
    @Order(8)
    void taskIsRedispatchedWhenItsNodeCrashesMidTask() {
        TestProbe<TaskResult> probe = probe();
        dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "survivor", "echo", prompt("sleep:2500 survive"), Duration.ofSeconds(30), probe.getRef()));
        TestCluster.await(
                Duration.ofSeconds(5),
                "task running on 0",
                () -> status().workers().stream().anyMatch(w -> w.nodeLabel().equals("0") && w.running() == 1));
        cluster.terminate("0");
        TaskResult.Completed done = probe.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(25));
        assertThat(done.taskId()).isEqualTo("survivor");
        assertThat(done.nodeLabel()).isEqualTo("1");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.result().text()).isEqualTo("1:sleep:2500 survive");
        probe.expectNoMessage(Duration.ofMillis(500));
        ClusterStatus.Counters counters = status().counters();
        assertThat(counters.redispatched()).isGreaterThanOrEqualTo(1);
        assertThat(counters.submitted()).isEqualTo(counters.completed() + counters.failed());
    }
}
