package org.slmcluster.actors.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.testing.IntegrationTest;

/**
 * The dispatcher's retry of envelopes the router bounced for lack of a route, with the router replaced by
 * a scripted one. The dispatcher takes its router as an {@code ActorRef}, so no seam is needed; it does
 * need real membership (labels are member roles, hosts come from the receptionist), so this runs a
 * two-member cluster: {@code root} with the dispatcher under test, and {@code 1} (one hop away) with a
 * stand-in worker for model {@code echo} that never sees work, because the scripted router never
 * forwards any.
 */
@IntegrationTest
class TaskDispatcherRouteRetryTest {

    private static final String NO_ROUTE = "no reachable member holds label 1";
    private static final AtomicInteger DISPATCHERS = new AtomicInteger();

    private static ActorTestKit root;
    private static ActorTestKit member;

    @BeforeAll
    static void startCluster() {
        int rootPort = TestCluster.freePort();
        root = ActorTestKit.create(
                NodeGuardian.SYSTEM_NAME,
                NodeSettings.of("root", 2, 2, List.of()).withLabelRole(TestCluster.memberConfig(rootPort, null)));
        member = ActorTestKit.create(
                NodeGuardian.SYSTEM_NAME,
                NodeSettings.of("1", 2, 2, List.of("echo"))
                        .withLabelRole(TestCluster.memberConfig(
                                TestCluster.freePort(),
                                "pekko://" + NodeGuardian.SYSTEM_NAME + "@127.0.0.1:" + rootPort)));
        member.spawn(standInWorker("1", "echo"), ModelWorker.actorName("echo"));
        TestCluster.await(
                Duration.ofSeconds(30), "root and 1 Up", () -> upMembers(root) == 2 && upMembers(member) == 2);
    }

    @AfterAll
    static void stopCluster() {
        if (member != null) {
            member.shutdownTestKit();
        }
        if (root != null) {
            root.shutdownTestKit();
        }
    }

    private static long upMembers(ActorTestKit kit) {
        return StreamSupport.stream(
                        Cluster.get(kit.system()).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up())
                .count();
    }

    /** Registers like a {@link ModelWorker} and answers status; it never receives work here. */
    private static Behavior<ModelWorker.Command> standInWorker(String label, String model) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(ModelWorker.ALL_WORKERS, context.getSelf()));
            return Behaviors.receive(ModelWorker.Command.class)
                    .onMessage(ModelWorker.GetStatus.class, query -> {
                        query.replyTo()
                                .tell(new WorkerStatus(
                                        label, model, "READY", 0, 0, 16, 1, 0, 0, 0, 0, 0, 0, 0, null, null));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /**
     * Stands in for the router: reports every command to {@code seen}, bounces the first {@code bounces}
     * work requests as the real router does when no member holds their destination, and answers later ones
     * with a successful result from the destination.
     */
    private static Behavior<DeBruijnRouter.Command> scriptedRouter(int bounces, ActorRef<DeBruijnRouter.Command> seen) {
        return Behaviors.setup(context -> {
            AtomicReference<ActorRef<WorkResult>> dispatcher = new AtomicReference<>();
            int[] sends = {0};
            return Behaviors.receive(DeBruijnRouter.Command.class)
                    .onMessage(DeBruijnRouter.AttachDispatcher.class, attach -> {
                        dispatcher.set(attach.dispatcher());
                        seen.tell(attach);
                        return Behaviors.same();
                    })
                    .onMessage(DeBruijnRouter.Send.class, send -> {
                        seen.tell(send);
                        WorkRequest work = (WorkRequest) send.payload();
                        if (sends[0]++ < bounces) {
                            Envelope envelope = new Envelope(
                                    "e" + sends[0],
                                    "root",
                                    send.destination(),
                                    16,
                                    List.of("root"),
                                    work,
                                    send.returnTo());
                            send.returnTo().tell(new Undeliverable(envelope, "root", NO_ROUTE));
                        } else {
                            dispatcher.get().tell(succeeded(work, send.destination()));
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static WorkResult succeeded(WorkRequest work, String label) {
        return new WorkResult.Generated(
                work.taskId(),
                work.attempt(),
                work.model(),
                label,
                new GenerationResult(label + ":" + work.request().rawPrompt(), 1, 1, 1_000, "stop"),
                List.of("root", label),
                List.of(label, "root"),
                0);
    }

    /** A fresh dispatcher on {@code root} in front of {@code router}, once it knows that {@code 1} hosts echo. */
    private static ActorRef<TaskDispatcher.Command> dispatcherBehind(ActorRef<DeBruijnRouter.Command> router) {
        ActorRef<TaskDispatcher.Command> dispatcher = root.spawn(
                TaskDispatcher.create(NodeSettings.of("root", 2, 2, List.of()).dispatcher(), router),
                "dispatcher-" + DISPATCHERS.incrementAndGet());
        TestProbe<ClusterStatus> status = root.createTestProbe();
        TestCluster.await(Duration.ofSeconds(20), "the dispatcher sees echo on 1", () -> {
            dispatcher.tell(new TaskDispatcher.GetClusterStatus(status.getRef()));
            return status.receiveMessage(Duration.ofSeconds(5)).members().stream()
                    .anyMatch(m ->
                            "1".equals(m.label()) && m.reachable() && m.models().contains("echo"));
        });
        return dispatcher;
    }

    private static GenerationRequest prompt(String text) {
        return GenerationRequest.completion(text, GenerationParameters.DEFAULTS);
    }

    private static WorkRequest expectSendTo(TestProbe<DeBruijnRouter.Command> seen, String label, int attempt) {
        DeBruijnRouter.Send send = seen.expectMessageClass(DeBruijnRouter.Send.class, Duration.ofSeconds(10));
        assertThat(send.destination()).isEqualTo(label);
        WorkRequest work = (WorkRequest) send.payload();
        assertThat(work.attempt()).isEqualTo(attempt);
        return work;
    }

    @Test
    void bouncedRequestIsSentAgainAndTheTaskCompletesOnceTheRouteWorks() {
        TestProbe<DeBruijnRouter.Command> seen = root.createTestProbe();
        ActorRef<TaskDispatcher.Command> dispatcher = dispatcherBehind(root.spawn(scriptedRouter(1, seen.getRef())));
        seen.expectMessageClass(DeBruijnRouter.AttachDispatcher.class);
        TestProbe<TaskResult> caller = root.createTestProbe();

        dispatcher.tell(
                TaskDispatcher.Submit.within("later", "echo", prompt("hi"), Duration.ofSeconds(30), caller.getRef()));

        expectSendTo(seen, "1", 1);
        // the only host bounced: no failure, the same host is tried again after a pause
        expectSendTo(seen, "1", 2);
        TaskResult.Completed done = caller.expectMessageClass(TaskResult.Completed.class, Duration.ofSeconds(10));
        assertThat(done.taskId()).isEqualTo("later");
        assertThat(done.nodeLabel()).isEqualTo("1");
        assertThat(done.result().text()).isEqualTo("1:hi");
        assertThat(done.attempts()).isEqualTo(2);
        caller.expectNoMessage(Duration.ofMillis(300));
        seen.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void afterTheRetryRoundsEveryWaiterGetsOneFailureNamingTheBounce() {
        TestProbe<DeBruijnRouter.Command> seen = root.createTestProbe();
        ActorRef<DeBruijnRouter.Command> router = root.spawn(scriptedRouter(Integer.MAX_VALUE, seen.getRef()));
        ActorRef<TaskDispatcher.Command> dispatcher = dispatcherBehind(router);
        ActorRef<WorkResult> results =
                seen.expectMessageClass(DeBruijnRouter.AttachDispatcher.class).dispatcher();
        TestProbe<TaskResult> caller = root.createTestProbe();
        TestProbe<TaskResult> again = root.createTestProbe();

        dispatcher.tell(
                TaskDispatcher.Submit.within("never", "echo", prompt("hi"), Duration.ofSeconds(60), caller.getRef()));
        WorkRequest first = expectSendTo(seen, "1", 1);
        // the same id submitted while the task waits for a route joins it instead of starting another
        dispatcher.tell(
                TaskDispatcher.Submit.within("never", "echo", prompt("hi"), Duration.ofSeconds(60), again.getRef()));
        // the first send and three retry rounds, all bounced
        expectSendTo(seen, "1", 2);
        expectSendTo(seen, "1", 3);
        WorkRequest last = expectSendTo(seen, "1", 4);

        for (TestProbe<TaskResult> waiter : List.of(caller, again)) {
            TaskResult.Failed failed = waiter.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(10));
            assertThat(failed.taskId()).isEqualTo("never");
            assertThat(failed.kind()).isEqualTo(FailureKind.NO_ROUTE);
            assertThat(failed.reason())
                    .contains("task never could not reach node 1")
                    .contains(NO_ROUTE);
            assertThat(failed.attempts()).isEqualTo(4);
        }
        // nothing more is tried, and a result that turns up late is not a second answer
        seen.expectNoMessage(Duration.ofMillis(1200));
        results.tell(succeeded(last, "1"));
        results.tell(succeeded(first, "1"));
        caller.expectNoMessage(Duration.ofMillis(300));
        again.expectNoMessage(Duration.ofMillis(1));
    }

    @Test
    void stopsRetryingWhenThePauseWouldOutlastTheDeadline() {
        TestProbe<DeBruijnRouter.Command> seen = root.createTestProbe();
        ActorRef<TaskDispatcher.Command> dispatcher =
                dispatcherBehind(root.spawn(scriptedRouter(Integer.MAX_VALUE, seen.getRef())));
        seen.expectMessageClass(DeBruijnRouter.AttachDispatcher.class);
        TestProbe<TaskResult> caller = root.createTestProbe();

        // three pauses (0.5 s, 1 s, 2 s) do not fit before a 3 s deadline, so at most three attempts happen
        dispatcher.tell(
                TaskDispatcher.Submit.within("short", "echo", prompt("hi"), Duration.ofSeconds(3), caller.getRef()));

        TaskResult.Failed failed = caller.expectMessageClass(TaskResult.Failed.class, Duration.ofSeconds(10));
        // the dispatcher gave up on the route (a deadline timeout would say TIMEOUT and name the deadline)
        assertThat(failed.kind()).isEqualTo(FailureKind.NO_ROUTE);
        assertThat(failed.reason()).contains(NO_ROUTE);
        assertThat(failed.attempts()).isBetween(1, 3);
        for (int attempt = 1; attempt <= failed.attempts(); attempt++) {
            expectSendTo(seen, "1", attempt);
        }
        // the deadline timer was cancelled with the answer: no TIMEOUT follows
        caller.expectNoMessage(Duration.ofSeconds(2));
        seen.expectNoMessage(Duration.ofMillis(1));
    }
}
