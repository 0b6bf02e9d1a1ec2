package org.slmcluster.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
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
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.testing.IntegrationTest;

/**
 * Streaming across members: the coordinator and two hosts of {@code echo} (1, one hop away, and 11, two hops
 * away), each its own ActorSystem talking over Artery. Text must travel worker -> router(s) -> dispatcher ->
 * caller while the generation runs, and all of it before the result.
 */
@IntegrationTest
class StreamingDispatchTest {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster();
        FakeEngine.Counters counters = new FakeEngine.Counters();
        cluster.start(NodeSettings.of("root", 2, 2, List.of()), model -> new FakeEngine(model, "root", counters));
        cluster.start(NodeSettings.of("1", 2, 2, List.of("echo")), model -> new FakeEngine(model, "1", counters));
        cluster.start(NodeSettings.of("11", 2, 2, List.of("echo")), model -> new FakeEngine(model, "11", counters));
        cluster.awaitUp(new TreeSet<>(List.of("root", "1", "11")), Duration.ofSeconds(30));
        TestCluster.await(Duration.ofSeconds(20), "dispatcher sees both workers ready", () -> {
            TestProbe<ClusterStatus> probe = TestProbe.create(cluster.system("root"));
            cluster.refs("root").dispatcher().tell(new TaskDispatcher.GetClusterStatus(probe.getRef()));
            ClusterStatus status = probe.receiveMessage(Duration.ofSeconds(5));
            return status.workers().size() == 2
                    && status.workers().stream().allMatch(w -> w.state().equals("READY"));
        });
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Everything the caller hears, in arrival order, up to and including the single TaskResult. */
    private static List<Object> stream(String taskId, String prompt) {
        TestProbe<Object> caller = TestProbe.create(cluster.system("root"));
        ActorRef<Object> ref = caller.getRef();
        cluster.refs("root")
                .dispatcher()
                .tell(TaskDispatcher.Submit.streaming(
                        taskId,
                        "echo",
                        GenerationRequest.completion(prompt, GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(20),
                        ref.narrow(),
                        ref.narrow()));
        List<Object> heard = new ArrayList<>();
        Object next;
        do {
            next = caller.receiveMessage(Duration.ofSeconds(20));
            heard.add(next);
        } while (!(next instanceof TaskResult));
        caller.expectNoMessage(Duration.ofMillis(200));
        return heard;
    }

    @Test
    void textArrivesInPiecesWhileGeneratingAndAddsUpToTheResult() {
        List<Object> heard = stream("s1", "pace:60 alpha beta gamma delta epsilon");

        TaskResult.Completed done = (TaskResult.Completed) heard.get(heard.size() - 1);
        List<TaskProgress> pieces = heard.subList(0, heard.size() - 1).stream()
                .map(TaskProgress.class::cast)
                .toList();
        // 60 ms between words and at most 20 ms of gathering: several pieces, not one at the end
        assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pieces)
                .extracting(TaskProgress::sequence)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, pieces.size())
                        .boxed()
                        .toList());
        assertThat(pieces).allMatch(piece -> piece.taskId().equals("s1"));
        String streamed =
                String.join("", pieces.stream().map(TaskProgress::text).toList());
        assertThat(streamed)
                .isEqualTo(done.result().text())
                .isEqualTo(done.nodeLabel() + ":pace:60 alpha beta gamma delta epsilon");
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    void aTaskSubmittedWithoutStreamingHearsOnlyItsResult() {
        TestProbe<Object> caller = TestProbe.create(cluster.system("root"));
        ActorRef<Object> ref = caller.getRef();
        cluster.refs("root")
                .dispatcher()
                .tell(TaskDispatcher.Submit.within(
                        "w1",
                        "echo",
                        GenerationRequest.completion("pace:30 one two three", GenerationParameters.DEFAULTS),
                        Duration.ofSeconds(20),
                        ref.narrow()));
        assertThat(caller.receiveMessage(Duration.ofSeconds(20))).isInstanceOf(TaskResult.Completed.class);
        caller.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aGenerationThatBreaksAfterStreamingIsNotRetriedOnTheOtherHost() {
        List<Object> heard = stream("s2", "pace:40 one two three error-now four");

        TaskResult.Failed failed = (TaskResult.Failed) heard.get(heard.size() - 1);
        assertThat(heard.subList(0, heard.size() - 1)).isNotEmpty().allMatch(TaskProgress.class::isInstance);
        assertThat(failed.kind()).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.reason()).contains("broke off mid-answer").contains("already streamed");
    }
}
