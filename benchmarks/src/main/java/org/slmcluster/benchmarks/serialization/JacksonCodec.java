package org.slmcluster.benchmarks.serialization;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Payload;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;

/**
 * JSON with Jackson, set up as a Jackson-based Pekko serializer would be: the payload's concrete type as
 * a {@code @type} name, ActorRefs as their serialization format (as Kryo writes them).
 */
public final class JacksonCodec implements EnvelopeCodec {

    private final ObjectWriter writer;
    private final ObjectReader reader;

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Probe.class, name = "probe"),
        @JsonSubTypes.Type(value = WorkRequest.class, name = "work"),
        @JsonSubTypes.Type(value = WorkResult.Generated.class, name = "generated"),
        @JsonSubTypes.Type(value = WorkResult.Failed.class, name = "failed")
    })
    private interface PayloadTypes {}

    @JsonIgnoreProperties({"chat"})
    private interface DerivedProperties {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public JacksonCodec(ActorSystem<?> system) {
        ActorRefResolver resolver = ActorRefResolver.get(system);
        SimpleModule refs = new SimpleModule("actor-refs");
        refs.addSerializer((Class) ActorRef.class, new JsonSerializer<ActorRef<?>>() {
            @Override
            public void serialize(ActorRef<?> ref, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(resolver.toSerializationFormat(ref));
            }
        });
        refs.addDeserializer((Class) ActorRef.class, new JsonDeserializer<ActorRef<?>>() {
            @Override
            public ActorRef<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return resolver.resolveActorRef(parser.getValueAsString());
            }
        });
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(refs)
                .addMixIn(Payload.class, PayloadTypes.class)
                .addMixIn(GenerationRequest.class, DerivedProperties.class);
        this.writer = mapper.writerFor(Envelope.class);
        this.reader = mapper.readerFor(Envelope.class);
    }

    @Override
    public String name() {
        return "jackson";
    }

    @Override
    public byte[] encode(Envelope envelope) throws IOException {
        return writer.writeValueAsBytes(envelope);
    }

    @Override
    public Envelope decode(byte[] bytes) throws IOException {
        return reader.readValue(bytes);
    }
}
