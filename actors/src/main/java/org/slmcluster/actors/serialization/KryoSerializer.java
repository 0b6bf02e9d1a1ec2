package org.slmcluster.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Kryo 5 for every {@link org.slmcluster.actors.ClusterMessage} (bound in reference.conf). Kryo instances
 * are not thread-safe, so they are pooled; the manifest is the class's registration id from
 * {@link KryoRegistrations}, identical on every member running the same build.
 */
public final class KryoSerializer extends SerializerWithStringManifest {

    /** Serializer id on the wire; must not change and must not clash with Pekko's (0..40). */
    public static final int IDENTIFIER = 17_042_026;

    private static final int BUFFER_SIZE = 4096;

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    private final Pool<Kryo> kryos = new Pool<>(true, false, 32) {
        @Override
        protected Kryo create() {
            return KryoRegistrations.newKryo(resolver());
        }
    };

    private final Pool<Output> outputs = new Pool<>(true, false, 32) {
        @Override
        protected Output create() {
            return new Output(BUFFER_SIZE, -1);
        }
    };

    public KryoSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    // The resolver is an extension of the typed system; serializers are built during system start,
    // before extensions may be loaded, so it is looked up on first use.
    private ActorRefResolver resolver() {
        ActorRefResolver r = resolver;
        if (r == null) {
            r = ActorRefResolver.get(Adapter.toTyped(system));
            resolver = r;
        }
        return r;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        Kryo kryo = kryos.obtain();
        try {
            return Integer.toString(registration(kryo, o.getClass()).getId());
        } finally {
            kryos.free(kryo);
        }
    }

    @Override
    public byte[] toBinary(Object o) {
        Kryo kryo = kryos.obtain();
        Output output = outputs.obtain();
        try {
            registration(kryo, o.getClass());
            output.reset();
            kryo.writeObject(output, o);
            return output.toBytes();
        } finally {
            outputs.free(output);
            kryos.free(kryo);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        int id;
        try {
            id = Integer.parseInt(manifest);
        } catch (NumberFormatException e) {
            throw new NotSerializableException("Kryo manifest '" + manifest + "' is not a registration id");
        }
        Kryo kryo = kryos.obtain();
        try {
            Registration registration = kryo.getRegistration(id);
            if (registration == null) {
                throw new NotSerializableException("no class registered for Kryo id " + id
                        + "; members run different builds (see KryoRegistrations)");
            }
            Class<?> type = registration.getType();
            return kryo.readObject(new Input(bytes), type);
        } finally {
            kryos.free(kryo);
        }
    }

    private static Registration registration(Kryo kryo, Class<?> type) {
        Registration registration = kryo.getClassResolver().getRegistration(type);
        if (registration == null) {
            throw new IllegalArgumentException(type.getName() + " implements ClusterMessage but is not listed in "
                    + KryoRegistrations.class.getName());
        }
        return registration;
    }
}
