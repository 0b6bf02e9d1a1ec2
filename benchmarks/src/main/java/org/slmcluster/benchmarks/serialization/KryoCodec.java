package org.slmcluster.benchmarks.serialization;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.serialization.KryoSerializer;

/**
 * The project's Kryo serializer exactly as Artery uses it: found through the ActorSystem's Serialization
 * extension by the binding in the actors module's reference.conf, bytes plus a string manifest.
 */
public final class KryoCodec implements EnvelopeCodec {

    private final SerializerWithStringManifest serializer;
    private String manifest;

    public KryoCodec(ActorSystem<?> system) {
        Serializer found =
                SerializationExtension.get(Adapter.toClassic(system)).findSerializerFor(SampleEnvelopes.request(null));
        if (!(found instanceof KryoSerializer kryo)) {
            throw new IllegalStateException(
                    "envelopes are bound to " + found.getClass().getName() + ", not the project's KryoSerializer");
        }
        this.serializer = kryo;
    }

    @Override
    public String name() {
        return "kryo";
    }

    @Override
    public byte[] encode(Envelope envelope) {
        manifest = serializer.manifest(envelope);
        return serializer.toBinary(envelope);
    }

    @Override
    public Envelope decode(byte[] bytes) throws Exception {
        return (Envelope) serializer.fromBinary(bytes, manifest);
    }

    /** The manifest Artery sends next to the bytes (the class's registration id). */
    public String manifest(Envelope envelope) {
        return serializer.manifest(envelope);
    }
}
