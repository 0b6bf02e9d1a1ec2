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
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
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
 * The one list of classes Kryo may write, in a fixed order: a class's id is {@link #FIRST_ID} plus its
 * position. Every member must run the same list, so only ever append (never reorder or remove) while
 * members of different versions may meet.
 */
public final class KryoRegistrations {

    public static final int FIRST_ID = 100;

    /** The runtime class of typed ActorRefs (local, remote and adapters alike). */
    static final String TYPED_ACTOR_REF_CLASS = "org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter";

    private static final List<Class<?>> CLASSES = List.of(
            // collections that records hold (List.copyOf yields the JDK's immutable lists)
            List.of().getClass(), // ListN (also List.of(a, b, c, ...))
            List.of(1).getClass(), // List12
            ArrayList.class,
            Arrays.asList(1).getClass(),
            Collections.unmodifiableList(new ArrayList<>()).getClass(),
            Collections.emptyList().getClass(),
            // shared enums
            FailureKind.class,
            RoutingMode.class,
            // the engine port's values
            ChatMessage.class,
            GenerationParameters.class,
            GenerationRequest.class,
            GenerationResult.class,
            EngineDescription.class,
            // routing
            Envelope.class,
            Probe.class,
            Delivered.class,
            Undeliverable.class,
            WorkRequest.class,
            WorkResult.class,
            DeBruijnRouter.GetView.class,
            DeBruijnRouter.View.class,
            // model workers
            ModelWorker.Generate.class,
            ModelWorker.GetStatus.class,
            ModelWorker.Generated.class,
            ModelWorker.Rejected.class,
            WorkerStatus.class,
            // dispatch
            TaskDispatcher.Submit.class,
            TaskDispatcher.GetClusterStatus.class,
            TaskResult.Completed.class,
            TaskResult.Failed.class,
            ClusterStatus.class,
            ClusterStatus.Member.class,
            ClusterStatus.Counters.class,
            // streaming
            WorkProgress.class,
            ModelWorker.Chunk.class,
            TaskProgress.class);

    private KryoRegistrations() {
    }

    /** Classes in id order (the ActorRef class comes right after them). */
    public static List<Class<?>> classes() {
        return CLASSES;
    }

    /** A Kryo that writes exactly the registered classes, ActorRefs as their serialization format. */
    public static Kryo newKryo(ActorRefResolver resolver) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        int id = FIRST_ID;
        for (Class<?> type : CLASSES) {
            kryo.register(type, id++);
        }
        kryo.register(typedActorRefClass(), new ActorRefSerializer(resolver), id);
        return kryo;
    }

    static Class<?> typedActorRefClass() {
        try {
            return Class.forName(TYPED_ACTOR_REF_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Pekko typed ActorRef class " + TYPED_ACTOR_REF_CLASS
                    + " not found; is pekko-actor-typed on the classpath?", e);
        }
    }
}
