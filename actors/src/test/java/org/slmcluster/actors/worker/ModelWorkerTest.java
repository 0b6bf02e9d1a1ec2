package org.slmcluster.actors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;

class ModelWorkerTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static WorkerSettings settings(int capacity, int concurrency) {
        return new WorkerSettings(capacity, concurrency, Duration.ofMillis(100), Duration.ofMillis(400));
    }

    private static ActorRef<ModelWorker.Command> worker(FakeEngine.Counters counters, WorkerSettings settings) {
        return testKit.spawn(
                ModelWorker.create("01", "echo", model -> new FakeEngine(model, "01", counters), settings));
    }

    private static ModelWorker.Generate generate(
            String taskId, String prompt, long timeoutMillis, TestProbe<ModelWorker.Reply> probe) {
        return new ModelWorker.Generate(
                taskId,
                GenerationRequest.completion(prompt, GenerationParameters.DEFAULTS),
                System.currentTimeMillis() + timeoutMillis,
                probe.getRef());
    }

    private static WorkerStatus status(ActorRef<ModelWorker.Command> worker) {
        TestProbe<WorkerStatus> probe = testKit.createTestProbe();
        worker.tell(new ModelWorker.GetStatus(probe.getRef()));
        return probe.receiveMessage();
    }

    @Test
    void generatesAndKeepsCounters() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("t1", "sleep:20 one two three", 5_000, probe));
        ModelWorker.Generated reply = probe.expectMessageClass(ModelWorker.Generated.class);
        assertThat(reply.taskId()).isEqualTo("t1");
        assertThat(reply.model()).isEqualTo("echo");
        assertThat(reply.result().text()).isEqualTo("01:sleep:20 one two three");
        assertThat(reply.result().outputTokens()).isEqualTo(4);
        // the fake reports no latency, so the worker measures it (the fake slept 20 ms)
        assertThat(reply.result().latencyNanos()).isGreaterThanOrEqualTo(20_000_000L);
        assertThat(reply.result().tokensPerSecond()).isPositive();

        WorkerStatus status = status(worker);
        assertThat(status.state()).isEqualTo("READY");
        assertThat(status.completed()).isEqualTo(1);
        assertThat(status.promptTokens()).isEqualTo(4);
        assertThat(status.outputTokens()).isEqualTo(4);
        assertThat(status.queued()).isZero();
        assertThat(counters.loads.get()).isEqualTo(1);
    }

    @Test
    void drainingLeavesTheReceptionistFinishesInFlightWorkThenStops() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = testKit.spawn(
                ModelWorker.create("01", "drained", model -> new FakeEngine(model, "01", counters), settings(4, 1)));
        TestProbe<org.apache.pekko.actor.typed.receptionist.Receptionist.Listing> listings = testKit.createTestProbe();
        testKit.system()
                .receptionist()
                .tell(org.apache.pekko.actor.typed.receptionist.Receptionist.subscribe(
                        ModelWorker.keyFor("drained"), listings.getRef()));
        listings.fishForMessage(
                Duration.ofSeconds(5),
                listing -> listing.getServiceInstances(ModelWorker.keyFor("drained"))
                                .contains(worker)
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("in-flight", "sleep:600 a", 10_000, probe));
        awaitRunning(worker);
        worker.tell(generate("queued", "b", 10_000, probe));
        TestProbe<ModelWorker.Drained> drained = testKit.createTestProbe();
        worker.tell(new ModelWorker.Drain(drained.getRef()));
        // new work goes elsewhere: the dispatcher no longer sees this worker
        listings.fishForMessage(
                Duration.ofSeconds(5),
                listing -> listing.getServiceInstances(ModelWorker.keyFor("drained"))
                                .isEmpty()
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        // what it had finishes
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("in-flight");
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("queued");
        drained.expectMessage(Duration.ofSeconds(5), new ModelWorker.Drained("drained"));
        probe.expectTerminated(worker, Duration.ofSeconds(2));
        assertThat(ModelWorker.actorName("a~b", "v1")).isEqualTo("worker-a%7Eb~v1");
    }

    @Test
    void fullQueueAnswersOverloadedAtOnce() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(1, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("running", "sleep:800 a", 10_000, probe));
        awaitRunning(worker);
        worker.tell(generate("queued", "b", 10_000, probe));
        worker.tell(generate("refused", "c", 10_000, probe));
        ModelWorker.Rejected refused = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(refused.taskId()).isEqualTo("refused");
        assertThat(refused.kind()).isEqualTo(FailureKind.OVERLOADED);
        assertThat(refused.reason()).contains("overloaded").contains("echo");
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("running");
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("queued");
        assertThat(status(worker).rejected()).isEqualTo(1);
    }

    @Test
    void expiredRequestsAreAnsweredWithTimeoutAndNeverRun() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("late", "x", -1, probe));
        ModelWorker.Rejected late = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(late.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(late.reason()).contains("deadline");

        worker.tell(generate("long", "sleep:1200 a", 10_000, probe));
        awaitRunning(worker);
        worker.tell(generate("waits-too-long", "b", 300, probe));
        // answered at its deadline, while the long generation is still running
        ModelWorker.Rejected expired = probe.expectMessageClass(ModelWorker.Rejected.class, Duration.ofMillis(1100));
        assertThat(expired.taskId()).isEqualTo("waits-too-long");
        assertThat(expired.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("long");
        assertThat(counters.generations.get()).isEqualTo(1);
    }

    @Test
    void engineCrashRestartsTheEngineAndQueuedWorkStillRuns() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("boom", "sleep:100 crash", 10_000, probe));
        worker.tell(generate("after", "hello", 10_000, probe));
        ModelWorker.Rejected crashed = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(crashed.kind()).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(crashed.reason()).contains("crashed");
        ModelWorker.Generated after = probe.expectMessageClass(ModelWorker.Generated.class);
        assertThat(after.taskId()).isEqualTo("after");
        assertThat(counters.loads.get()).isEqualTo(2);
        assertThat(counters.closes.get()).isGreaterThanOrEqualTo(1);
        assertThat(status(worker).restarts()).isEqualTo(1);
    }

    @Test
    void requestErrorFailsOnlyThatRequest() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("bad", "error", 10_000, probe));
        assertThat(probe.expectMessageClass(ModelWorker.Rejected.class).kind()).isEqualTo(FailureKind.ENGINE_ERROR);
        worker.tell(generate("good", "fine", 10_000, probe));
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("good");
        assertThat(counters.loads.get()).isEqualTo(1);
        assertThat(status(worker).restarts()).isZero();
    }

    @Test
    void failedLoadIsReportedThenRetriedWithBackoff() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        counters.failingLoads.set(1);
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("first", "hi", 10_000, probe));
        ModelWorker.Rejected rejected = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(rejected.kind()).isEqualTo(FailureKind.ENGINE_ERROR);
        assertThat(rejected.reason())
                .contains("could not be loaded")
                .contains("echo")
                .contains("missing");
        probe.awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(status(worker).state()).isEqualTo("READY");
            return null;
        });
        worker.tell(generate("second", "hi", 10_000, probe));
        assertThat(probe.expectMessageClass(ModelWorker.Generated.class).taskId())
                .isEqualTo("second");
        assertThat(counters.loads.get()).isEqualTo(2);
    }

    @Test
    void aModelThatNeverLoadsIsGivenUpAfterTheStatedNumberOfAttempts() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        counters.failingLoads.set(Integer.MAX_VALUE);
        ActorRef<ModelWorker.Command> worker =
                worker(counters, new WorkerSettings(4, 1, Duration.ofMillis(50), Duration.ofMillis(100), 3));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(status(worker).state()).isEqualTo("GAVE_UP");
            return null;
        });
        WorkerStatus status = status(worker);
        assertThat(status.lastError()).contains("could not be loaded").contains("gave up after 3 attempts");
        // no fourth load, however long one waits: several backoffs' worth here
        probe.expectNoMessage(Duration.ofMillis(500));
        assertThat(counters.loads.get()).isEqualTo(3);
        worker.tell(generate("after", "hi", 10_000, probe));
        ModelWorker.Rejected rejected = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(rejected.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(rejected.reason()).contains("gave up after 3 attempts");
    }

    @Test
    void aCrashedEngineProcessFailsItsRequestForRedispatchRestartsAndIsGivenUpAfterMaxCrashes() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(
                counters,
                new WorkerSettings(4, 1, Duration.ofMillis(50), Duration.ofMillis(100), 5, 2, Duration.ofMinutes(1)));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();

        worker.tell(generate("first", "died", 10_000, probe));
        ModelWorker.Rejected first = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(first.kind()).isEqualTo(FailureKind.ENGINE_CRASHED);
        assertThat(first.reason()).contains("SIGKILL");
        probe.awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(status(worker).state()).isEqualTo("READY");
            return null;
        });
        assertThat(counters.loads.get()).isEqualTo(2);
        assertThat(status(worker).restarts()).isEqualTo(1);

        worker.tell(generate("second", "died", 10_000, probe));
        assertThat(probe.expectMessageClass(ModelWorker.Rejected.class).kind()).isEqualTo(FailureKind.ENGINE_CRASHED);
        WorkerStatus status = status(worker);
        assertThat(status.state()).isEqualTo("GAVE_UP");
        assertThat(status.lastError()).contains("SIGKILL").contains("gave up after 2 crashes within 60 s");
        worker.tell(generate("third", "hello", 10_000, probe));
        assertThat(probe.expectMessageClass(ModelWorker.Rejected.class).kind()).isEqualTo(FailureKind.UNAVAILABLE);
        probe.expectNoMessage(Duration.ofMillis(300));
        assertThat(counters.loads.get()).isEqualTo(2);
    }

    @Test
    void aPromptOverTheContextIsRejectedAsTheClientsMistakeAndTheEngineKept() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(4, 1));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        worker.tell(generate("long", "overlong words", 10_000, probe));
        ModelWorker.Rejected rejected = probe.expectMessageClass(ModelWorker.Rejected.class);
        assertThat(rejected.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
        assertThat(rejected.reason()).contains("does not fit the context");
        WorkerStatus status = status(worker);
        assertThat(status.state()).isEqualTo("READY");
        assertThat(status.lastError()).isNull();
        assertThat(counters.loads.get()).isEqualTo(1);
    }

    @Test
    void runsConfiguredNumberOfGenerationsAtOnce() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = worker(counters, settings(8, 2));
        TestProbe<ModelWorker.Reply> probe = testKit.createTestProbe();
        for (int i = 0; i < 4; i++) {
            worker.tell(generate("t" + i, "sleep:300 x", 10_000, probe));
        }
        for (int i = 0; i < 4; i++) {
            probe.expectMessageClass(ModelWorker.Generated.class, Duration.ofSeconds(5));
        }
        assertThat(counters.maxRunning.get()).isEqualTo(2);
    }

    private static void awaitRunning(ActorRef<ModelWorker.Command> worker) {
        TestProbe<WorkerStatus> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(5), () -> {
            assertThat(status(worker).running()).isEqualTo(1);
            return null;
        });
    }
}
