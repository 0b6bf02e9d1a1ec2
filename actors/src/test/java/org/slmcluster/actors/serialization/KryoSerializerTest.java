package org.slmcluster.actors.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.ClusterMessage;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.FakeEngine;
import org.slmcluster.actors.TestCluster;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskProgress;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkProgress;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerSettings;
import org.slmcluster.actors.worker.WorkerStatus;
import org.slmcluster.testing.IntegrationTest;

@IntegrationTest
class KryoSerializerTest {

    private static ActorTestKit first;
    private static ActorTestKit second;

    private record NotRegistered(String value) implements ClusterMessage {}

    private record PlainJava(String value) implements Serializable {}

    private static Config remoteConfig() {
        return ConfigFactory.parseString(String.join(
                        "\n",
                        "pekko.actor.provider = cluster",
                        "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                        "pekko.remote.artery.canonical.port = " + TestCluster.freePort(),
                        "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off",
                        "pekko.loglevel = WARNING"))
                .withFallback(ConfigFactory.load());
    }

    @BeforeAll
    static void start() {
        first = ActorTestKit.create("kryo-a", remoteConfig());
        second = ActorTestKit.create("kryo-b", remoteConfig());
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.shutdownTestKit();
        }
        if (second != null) {
            second.shutdownTestKit();
        }
    }

    private static List<ClusterMessage> samples() {
        ActorRef<Object> ref = first.createTestProbe().getRef();
        @SuppressWarnings("unchecked")
        ActorRef<Delivered> deliveredTo = (ActorRef<Delivered>) (ActorRef<?>) ref;
        @SuppressWarnings("unchecked")
        ActorRef<Undeliverable> returnTo = (ActorRef<Undeliverable>) (ActorRef<?>) ref;
        GenerationParameters parameters = new GenerationParameters(64, 0.7, 0.9, 7L, List.of("\n\n", "###"));
        GenerationRequest chat = GenerationRequest.chat(
                List.of(ChatMessage.system("be brief"), ChatMessage.user("hi"), ChatMessage.assistant("hello")),
                parameters);
        GenerationRequest raw = GenerationRequest.completion("Once upon a time", GenerationParameters.DEFAULTS);
        GenerationResult result = new GenerationResult("there was a fox", 4, 4, 12_345_678L, "stop");
        WorkRequest work = new WorkRequest("t1", 2, "qwen2.5-0.5b-q8", chat, 1_700_000_000_000L);
        WorkResult ok = new WorkResult.Generated(
                "t1",
                2,
                "qwen2.5-0.5b-q8",
                "01",
                result,
                List.of("root", "0", "01"),
                List.of("01", "0", "root"),
                15L,
                "a");
        WorkResult failed = new WorkResult.Failed(
                "t1", 1, "m", "1", FailureKind.OVERLOADED, "queue full", List.of("root", "1"), List.of());
        Envelope envelope = new Envelope("e1", "root", "01", 14, List.of("root", "0"), work, returnTo);
        WorkerStatus status =
                new WorkerStatus("01", "m", "READY", 2, 1, 16, 1, 10, 1, 3, 0, 100, 200, 1500, null, null);
        EngineProcessStatus process = new EngineProcessStatus(4242L, 96L << 20, 512L << 20, "rss-watchdog", 2, 5);
        return List.of(
                process,
                new WorkerStatus(
                        "01", "m", "RESTARTING", 0, 0, 16, 1, 10, 1, 3, 1, 100, 200, 1500, "engine crashed", process),
                envelope,
                new Envelope("e2", "0", "root", 16, List.of(), ok, null),
                new Envelope("e3", "0", "1", 16, List.of("0"), new Probe(deliveredTo), returnTo),
                new Probe(deliveredTo),
                new Delivered(envelope),
                new Undeliverable(envelope, "0", "TTL exhausted"),
                work,
                new WorkRequest("t2", 1, "m", raw, 0L),
                ok,
                failed,
                new DeBruijnRouter.GetView(cast(ref)),
                new DeBruijnRouter.View("0", List.of("root", "0"), List.of("00", "01", "1", "10", "11")),
                new ModelWorker.Generate("t1#1", chat, 42L, cast(ref)),
                new ModelWorker.GetStatus(cast(ref)),
                new ModelWorker.Generated("t1#1", "m", result, 3L),
                new ModelWorker.Rejected("t1#1", "m", FailureKind.TIMEOUT, "late"),
                status,
                new TaskDispatcher.Submit("t1", "m", raw, 99L, cast(ref)),
                new TaskDispatcher.GetClusterStatus(cast(ref)),
                new TaskResult.Completed(
                        "t1", "m", result, "01", List.of("root", "0", "01"), List.of("01", "0", "root"), 1, "a"),
                new TaskResult.Failed("t1", "m", FailureKind.NO_ROUTE, "cut off", 2),
                new ClusterStatus.Member("0", "pekko://slm@127.0.0.1:3", "Up", true, List.of("a", "b"), 2),
                new ClusterStatus(
                        "root",
                        2,
                        2,
                        List.of(
                                new ClusterStatus.Member("root", "pekko://slm@127.0.0.1:1", "Up", true, List.of(), 0),
                                new ClusterStatus.Member(
                                        null, "pekko://slm@127.0.0.1:2", "Joining", false, List.of("m"), 1)),
                        List.of(status),
                        3,
                        new ClusterStatus.Counters(10, 7, 2, 1)),
                new ClusterStatus.Counters(1, 2, 3, 4),
                new WorkRequest("t3", 1, "m", chat, 5L, true),
                new Envelope("e4", "01", "root", 16, List.of("01"), new WorkProgress("t1", 2, "there was", 0), null),
                new WorkProgress("t1", 2, " a fox", 1),
                new ModelWorker.Generate("t1#2", raw, 42L, cast(ref), cast(ref)),
                new ModelWorker.Chunk("t1#2", "Once", 0),
                new TaskDispatcher.Submit("t4", "m", raw, 99L, cast(ref), cast(ref)),
                new TaskProgress("t4", "Once upon", 3),
                new ModelPlacement.ModelState("stories", "ab12", ModelPlacement.TRANSFERRING, 40, null, "a"),
                new ModelPlacement.Report(
                        "00",
                        "http://127.0.0.1:8560/store/blobs",
                        List.of(new ModelPlacement.ModelState("m", "cd34", ModelPlacement.FAILED, 0, "no disk", "a")),
                        List.of("fetched cd34 from 0"),
                        cast(ref)),
                new ModelPlacement.AssignedModel("m", "cd34", 1_185_376L, 2048, null, "a"),
                new ModelPlacement.Assignment(
                        "http://127.0.0.1:8559/store/blobs",
                        List.of(new ModelPlacement.AssignedModel("m", "cd34", 10L, 512, "chatml", "b")),
                        "http://127.0.0.1:8558/store/blobs"));
    }

    @SuppressWarnings("unchecked")
    private static <T> ActorRef<T> cast(ActorRef<?> ref) {
        return (ActorRef<T>) ref;
    }

    @Test
    void everyProtocolMessageRoundTripsThroughKryo() throws Exception {
        var serialization = SerializationExtension.get(Adapter.toClassic(first.system()));
        for (ClusterMessage message : samples()) {
            Serializer serializer = serialization.findSerializerFor(message);
            assertThat(serializer).as(message.getClass().getName()).isInstanceOf(KryoSerializer.class);
            SerializerWithStringManifest kryo = (SerializerWithStringManifest) serializer;
            byte[] bytes = kryo.toBinary(message);
            String manifest = kryo.manifest(message);
            assertThat(manifest).matches("\\d+");
            Object back = kryo.fromBinary(bytes, manifest);
            assertThat(back).as(message.getClass().getName()).isEqualTo(message);
        }
    }

    @Test
    void samplesCoverEveryRegisteredMessageClass() {
        Set<Class<?>> covered = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> registered = KryoRegistrations.classes().stream()
                .filter(ClusterMessage.class::isAssignableFrom)
                .filter(type -> !type.isInterface()) // a retired id whose class became a sealed interface
                .collect(Collectors.toSet());
        assertThat(covered).containsAll(registered);
        // no class is registered twice, so every class has one id
        assertThat(new HashSet<>(KryoRegistrations.classes()))
                .hasSize(KryoRegistrations.classes().size());
    }

    @Test
    void actorRefsKeepTheirAddressAndResolveBack() throws Exception {
        ActorRef<Object> ref = first.createTestProbe().getRef();
        KryoSerializer kryo = (KryoSerializer)
                SerializationExtension.get(Adapter.toClassic(first.system())).serializerFor(ClusterMessage.class);
        Probe probe = new Probe(cast(ref));
        Probe back = (Probe) kryo.fromBinary(kryo.toBinary(probe), kryo.manifest(probe));
        assertThat(back.replyTo()).isEqualTo(ref);
        assertThat(ActorRefResolver.get(first.system()).toSerializationFormat(back.replyTo()))
                .startsWith("pekko://kryo-a@127.0.0.1:");
    }

    @Test
    void unregisteredMessagesAndJavaSerializationAreRefused() throws Exception {
        KryoSerializer kryo = (KryoSerializer)
                SerializationExtension.get(Adapter.toClassic(first.system())).serializerFor(ClusterMessage.class);
        assertThatThrownBy(() -> kryo.toBinary(new NotRegistered("x")))
                .hasMessageContaining("KryoRegistrations")
                .hasMessageContaining("NotRegistered");
        assertThatThrownBy(() -> kryo.fromBinary(new byte[] {1}, "99999"))
                .hasMessageContaining("no class registered for Kryo id 99999");
        var serialization = SerializationExtension.get(Adapter.toClassic(first.system()));
        assertThat(serialization.serialize(new PlainJava("x")).isFailure()).isTrue();
    }

    @Test
    void messagesCrossBetweenTwoActorSystems() {
        FakeEngine.Counters counters = new FakeEngine.Counters();
        ActorRef<ModelWorker.Command> worker = first.spawn(
                ModelWorker.create(
                        "0",
                        "echo",
                        model -> new FakeEngine(model, "0", counters),
                        new WorkerSettings(4, 1, Duration.ofMillis(100), Duration.ofSeconds(1))),
                ModelWorker.actorName("echo"));
        String path = ActorRefResolver.get(first.system()).toSerializationFormat(worker);
        ActorRef<ModelWorker.Command> remote =
                ActorRefResolver.get(second.system()).resolveActorRef(path);
        assertThat(remote.path().address().port().isDefined()).isTrue();

        TestProbe<ModelWorker.Reply> replies = second.createTestProbe();
        GenerationRequest request = GenerationRequest.chat(
                List.of(ChatMessage.user("across the wire")),
                new GenerationParameters(8, 0.0, 1.0, 1L, List.of("stop")));
        remote.tell(new ModelWorker.Generate("x1", request, System.currentTimeMillis() + 10_000, replies.getRef()));
        ModelWorker.Generated generated =
                replies.expectMessageClass(ModelWorker.Generated.class, Duration.ofSeconds(10));
        assertThat(generated.result().text()).isEqualTo("0:across the wire");
        assertThat(generated.model()).isEqualTo("echo");

        TestProbe<WorkerStatus> statuses = second.createTestProbe();
        remote.tell(new ModelWorker.GetStatus(statuses.getRef()));
        WorkerStatus status = statuses.receiveMessage(Duration.ofSeconds(5));
        assertThat(status.completed()).isEqualTo(1);
        assertThat(status.outputTokens()).isEqualTo(3);
        assertThat(Arrays.asList(status.nodeLabel(), status.model())).containsExactly("0", "echo");
        assertThat(new ArrayList<>(List.of(generated.taskId()))).containsExactly("x1");

        // the ask pattern's temporary reply-to crosses the wire too
        WorkerStatus asked = AskPattern.<ModelWorker.Command, WorkerStatus>ask(
                        remote,
                        ModelWorker.GetStatus::new,
                        Duration.ofSeconds(5),
                        second.system().scheduler())
                .toCompletableFuture()
                .join();
        assertThat(asked.completed()).isEqualTo(1);
    }
}
