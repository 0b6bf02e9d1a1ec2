package org.slmcluster.benchmarks.serialization;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Undeliverable;

/**
 * A remoting ActorSystem on a free loopback port (Artery, no cluster: the serializers need none) so that
 * ActorRefs serialize with their full remote address, as they do on the wire, plus the three codecs.
 */
public final class CodecSystem implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final ActorRef<Undeliverable> returnTo;

    public CodecSystem() {
        system = ActorSystem.create(
                Behaviors.empty(), "slm", ConfigFactory.parseString("""
                pekko.actor.provider = remote
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = WARNING
                # daemon threads: a JMH fork must be able to exit with the system still running
                pekko.daemonic = on
                pekko.log-dead-letters = off
                """).withFallback(ConfigFactory.load()));
        returnTo = system.systemActorOf(Behaviors.<Undeliverable>ignore(), "bench-return-to", Props.empty());
    }

    public Envelope envelope(String kind) {
        return SampleEnvelopes.of(kind, returnTo);
    }

    public List<EnvelopeCodec> codecs() {
        return List.of(new KryoCodec(system), new JacksonCodec(system), new JavaCodec(system));
    }

    public EnvelopeCodec codec(String name) {
        return codecs().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("codec must be kryo, jackson or java, got '" + name + "'"));
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
    }
}
