package org.slmcluster.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskProgress;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.EngineDescription;
import org.slmcluster.actors.engine.EngineProcessStatus;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.lifecycle.ModelPlacement;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.Undeliverable;
import org.slmcluster.actors.routing.WorkProgress;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;
import org.slmcluster.actors.worker.ModelWorker;
import org.slmcluster.actors.worker.WorkerStatus;

/**
 * The one table of classes Kryo may write, each with a fixed id. Every member must run the same table, so
 * while members of different versions may meet an entry is only ever added (with a new id), never
 * renumbered or removed; {@code kryo-registrations.golden} in the tests pins it. Work on separate features
 * takes ids from separate blocks, so two branches never hand out the same id.
 */
public final class KryoRegistrations {

    /** The ActorRef serializer's id: fixed, below every class id, so adding classes never moves it. */
    static final int ACTOR_REF_ID = 99;

    /** The runtime class of typed ActorRefs (local, remote and adapters alike). */
    static final String TYPED_ACTOR_REF_CLASS = "org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter";

    /** One registration: a class and its id on the wire. */
    public record Registration(int id, Class<?> type) {}

    private static final List<Registration> REGISTRATIONS = List.of(
            // collections that records hold (List.copyOf yields the JDK's immutable lists)
            new Registration(100, List.of().getClass()), // ListN (also List.of(a, b, c, ...))
            new Registration(101, List.of(1).getClass()), // List12
            new Registration(102, ArrayList.class),
            new Registration(103, Arrays.asList(1).getClass()),
            new Registration(
                    104, Collections.unmodifiableList(new ArrayList<>()).getClass()),
            new Registration(105, Collections.emptyList().getClass()),
            // shared enums
            new Registration(106, FailureKind.class),
            new Registration(107, RoutingMode.class),
            // the engine port's values
            new Registration(108, ChatMessage.class),
            new Registration(109, GenerationParameters.class),
            new Registration(110, GenerationRequest.class),
            new Registration(111, GenerationResult.class),
            new Registration(112, EngineDescription.class),
            // routing
            new Registration(113, Envelope.class),
            new Registration(114, Probe.class),
            new Registration(115, Delivered.class),
            new Registration(116, Undeliverable.class),
            new Registration(117, WorkRequest.class),
            new Registration(118, WorkResult.class), // the record of 0.1; since then a sealed interface, never written
            new Registration(119, DeBruijnRouter.GetView.class),
            new Registration(120, DeBruijnRouter.View.class),
            // model workers
            new Registration(121, ModelWorker.Generate.class),
            new Registration(122, ModelWorker.GetStatus.class),
            new Registration(123, ModelWorker.Generated.class),
            new Registration(124, ModelWorker.Rejected.class),
            new Registration(125, WorkerStatus.class),
            // dispatch
            new Registration(126, TaskDispatcher.Submit.class),
            new Registration(127, TaskDispatcher.GetClusterStatus.class),
            new Registration(128, TaskResult.Completed.class),
            new Registration(129, TaskResult.Failed.class),
            new Registration(130, ClusterStatus.class),
            new Registration(131, ClusterStatus.Member.class),
            new Registration(132, ClusterStatus.Counters.class),
            // streaming
            new Registration(133, WorkProgress.class),
            new Registration(134, ModelWorker.Chunk.class),
            new Registration(135, TaskProgress.class),
            // the attempt outcome as a sealed type
            new Registration(136, WorkResult.Generated.class),
            new Registration(137, WorkResult.Failed.class),
            // engine isolation (issue 14): the engine process in a worker's status
            new Registration(200, EngineProcessStatus.class),
            // model lifecycle (issue 15, ids 220-259)
            new Registration(220, ModelPlacement.ModelState.class),
            new Registration(221, ModelPlacement.Report.class),
            new Registration(222, ModelPlacement.AssignedModel.class),
            new Registration(223, ModelPlacement.Assignment.class));

    private KryoRegistrations() {}

    /** Every registered class with its id, in id order (the ActorRef serializer has {@value #ACTOR_REF_ID}). */
    public static List<Registration> registrations() {
        return REGISTRATIONS;
    }

    /** The registered classes in id order. */
    public static List<Class<?>> classes() {
        return REGISTRATIONS.stream().<Class<?>>map(Registration::type).toList();
    }

    /** A Kryo that writes exactly the registered classes, ActorRefs as their serialization format. */
    public static Kryo newKryo(ActorRefResolver resolver) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        for (Registration registration : REGISTRATIONS) {
            kryo.register(registration.type(), registration.id());
        }
        kryo.register(typedActorRefClass(), new ActorRefSerializer(resolver), ACTOR_REF_ID);
        return kryo;
    }

    static Class<?> typedActorRefClass() {
        try {
            return Class.forName(TYPED_ACTOR_REF_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "Pekko typed ActorRef class " + TYPED_ACTOR_REF_CLASS
                            + " not found; is pekko-actor-typed on the classpath?",
                    e);
        }
    }
}
