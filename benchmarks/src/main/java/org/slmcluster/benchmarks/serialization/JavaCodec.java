package org.slmcluster.benchmarks.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slmcluster.actors.FailureKind;
import org.slmcluster.actors.engine.ChatMessage;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.engine.GenerationResult;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Payload;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;

/**
 * Java serialization. The protocol records are deliberately not {@link Serializable} (Java serialization
 * is off in the cluster), so this codec copies each envelope into field-for-field Serializable mirrors,
 * ActorRefs as their serialization format, and back; the copies are part of the measured cost (they
 * are small next to ObjectOutputStream's).
 */
public final class JavaCodec implements EnvelopeCodec {

    private final ActorRefResolver resolver;

    public JavaCodec(ActorSystem<?> system) {
        this.resolver = ActorRefResolver.get(system);
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public byte[] encode(Envelope envelope) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(mirror(envelope));
        }
        return bytes.toByteArray();
    }

    @Override
    public Envelope decode(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return restore((JEnvelope) in.readObject());
        }
    }

    record JEnvelope(
            String id,
            String source,
            String destination,
            int ttl,
            ArrayList<String> trace,
            Serializable payload,
            String returnTo)
            implements Serializable {}

    record JProbe(String replyTo) implements Serializable {}

    record JWorkRequest(String taskId, int attempt, String model, JGenerationRequest request, long deadline)
            implements Serializable {}

    record JGenerationRequest(
            ArrayList<JChatMessage> messages,
            String rawPrompt,
            int maxTokens,
            double temperature,
            double topP,
            long seed,
            ArrayList<String> stop)
            implements Serializable {}

    record JChatMessage(String role, String content) implements Serializable {}

    record JWorkResult(
            String taskId,
            int attempt,
            String model,
            String nodeLabel,
            JGenerationResult result,
            FailureKind failureKind,
            String failureReason,
            ArrayList<String> requestTrace,
            ArrayList<String> replyTrace,
            long queueMillis)
            implements Serializable {}

    record JGenerationResult(String text, int promptTokens, int outputTokens, long latencyNanos, String finishReason)
            implements Serializable {}

    private JEnvelope mirror(Envelope e) {
        return new JEnvelope(
                e.id(),
                e.source(),
                e.destination(),
                e.ttl(),
                new ArrayList<>(e.trace()),
                mirror(e.payload()),
                ref(e.returnTo()));
    }

    private Serializable mirror(Payload payload) {
        if (payload instanceof Probe probe) {
            return new JProbe(ref(probe.replyTo()));
        }
        if (payload instanceof WorkRequest w) {
            GenerationRequest r = w.request();
            GenerationParameters p = r.parameters();
            ArrayList<JChatMessage> messages = new ArrayList<>();
            for (ChatMessage m : r.messages()) {
                messages.add(new JChatMessage(m.role(), m.content()));
            }
            return new JWorkRequest(
                    w.taskId(),
                    w.attempt(),
                    w.model(),
                    new JGenerationRequest(
                            messages,
                            r.rawPrompt(),
                            p.maxTokens(),
                            p.temperature(),
                            p.topP(),
                            p.seed(),
                            new ArrayList<>(p.stop())),
                    w.deadlineEpochMillis());
        }
        WorkResult w = (WorkResult) payload;
        GenerationResult g = w instanceof WorkResult.Generated generated ? generated.result() : null;
        WorkResult.Failed failed = w instanceof WorkResult.Failed f ? f : null;
        return new JWorkResult(
                w.taskId(),
                w.attempt(),
                w.model(),
                w.nodeLabel(),
                g == null
                        ? null
                        : new JGenerationResult(
                                g.text(), g.promptTokens(), g.outputTokens(), g.latencyNanos(), g.finishReason()),
                failed == null ? null : failed.kind(),
                failed == null ? null : failed.reason(),
                new ArrayList<>(w.requestTrace()),
                new ArrayList<>(w.replyTrace()),
                w instanceof WorkResult.Generated generated ? generated.queueMillis() : 0L);
    }

    private Envelope restore(JEnvelope e) {
        return new Envelope(
                e.id(), e.source(), e.destination(), e.ttl(), e.trace(), restore(e.payload()), resolve(e.returnTo()));
    }

    private Payload restore(Serializable payload) {
        if (payload instanceof JProbe probe) {
            return new Probe(resolve(probe.replyTo()));
        }
        if (payload instanceof JWorkRequest w) {
            JGenerationRequest r = w.request();
            List<ChatMessage> messages = new ArrayList<>();
            for (JChatMessage m : r.messages()) {
                messages.add(new ChatMessage(m.role(), m.content()));
            }
            return new WorkRequest(
                    w.taskId(),
                    w.attempt(),
                    w.model(),
                    new GenerationRequest(
                            messages,
                            r.rawPrompt(),
                            new GenerationParameters(r.maxTokens(), r.temperature(), r.topP(), r.seed(), r.stop())),
                    w.deadline());
        }
        JWorkResult w = (JWorkResult) payload;
        JGenerationResult g = w.result();
        if (g == null) {
            return new WorkResult.Failed(
                    w.taskId(),
                    w.attempt(),
                    w.model(),
                    w.nodeLabel(),
                    w.failureKind(),
                    w.failureReason(),
                    w.requestTrace(),
                    w.replyTrace());
        }
        return new WorkResult.Generated(
                w.taskId(),
                w.attempt(),
                w.model(),
                w.nodeLabel(),
                new GenerationResult(g.text(), g.promptTokens(), g.outputTokens(), g.latencyNanos(), g.finishReason()),
                w.requestTrace(),
                w.replyTrace(),
                w.queueMillis());
    }

    private String ref(ActorRef<?> ref) {
        return ref == null ? null : resolver.toSerializationFormat(ref);
    }

    private <T> ActorRef<T> resolve(String ref) {
        return ref == null ? null : resolver.resolveActorRef(ref);
    }
}
