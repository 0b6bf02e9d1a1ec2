package org.slmcluster.actors.serialization;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/** Kryo 5 for every {@link org.slmcluster.actors.ClusterMessage}; see {@link KryoRegistrations}. */
public final class KryoSerializer extends SerializerWithStringManifest {

    public static final int IDENTIFIER = 1_704_2026;

    private final ExtendedActorSystem system;

    public KryoSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return o.getClass().getName();
    }

    @Override
    public byte[] toBinary(Object o) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        throw new UnsupportedOperationException("not yet");
    }
}
