package org.slmcluster.benchmarks.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.actors.routing.WorkResult;

/** The serialization benchmark compares like with like: every codec restores the same envelope. */
class EnvelopeCodecsTest {

    static CodecSystem system;

    @BeforeAll
    static void start() {
        system = new CodecSystem();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void everyCodecRestoresAnEqualEnvelopeWithItsReturnAddress() throws Exception {
        for (String kind : new String[] {SampleEnvelopes.REQUEST, SampleEnvelopes.RESULT}) {
            Envelope envelope = system.envelope(kind);
            for (EnvelopeCodec codec : system.codecs()) {
                Envelope back = codec.decode(codec.encode(envelope));
                assertThat(back).as(codec.name() + " " + kind).isEqualTo(envelope);
                assertThat(back.returnTo().path().toString())
                        .isEqualTo(envelope.returnTo().path().toString());
            }
        }
        assertThat(system.envelope(SampleEnvelopes.REQUEST).payload()).isInstanceOf(WorkRequest.class);
        assertThat(system.envelope(SampleEnvelopes.RESULT).payload()).isInstanceOf(WorkResult.class);
    }

    @Test
    void kryoWritesFewerBytesThanJacksonAndJava() throws Exception {
        Map<String, Integer> sizes = SerializationBenchmark.sizes(system);
        for (String kind : new String[] {SampleEnvelopes.REQUEST, SampleEnvelopes.RESULT}) {
            assertThat(sizes.get("kryo/" + kind))
                    .isLessThan(sizes.get("jackson/" + kind))
                    .isLessThan(sizes.get("java/" + kind));
            // the prompt / answer text alone is a floor for any format
            int text = kind.equals(SampleEnvelopes.REQUEST)
                    ? SampleEnvelopes.PROMPT.length()
                    : SampleEnvelopes.ANSWER.length();
            assertThat(sizes.get("kryo/" + kind)).isGreaterThan(text);
        }
    }
}
