package org.slmcluster.benchmarks.serialization;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slmcluster.actors.routing.Envelope;

/**
 * Encoding, and encoding plus decoding, of the task envelopes in each wire format (ns/op). The driver
 * {@link SerializationBenchmark} runs it and adds the bytes per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeSerializationBenchmark {

    @Param({"kryo", "jackson", "java"})
    public String format;

    @Param({SampleEnvelopes.REQUEST, SampleEnvelopes.RESULT})
    public String message;

    private static CodecSystem system;
    private EnvelopeCodec codec;
    private Envelope envelope;
    private byte[] encoded;

    @Setup
    public void setUp() throws Exception {
        synchronized (EnvelopeSerializationBenchmark.class) {
            if (system == null) {
                system = new CodecSystem();
            }
        }
        codec = system.codec(format);
        envelope = system.envelope(message);
        encoded = codec.encode(envelope);
    }

    /** Closes the shared system when the driver ran the benchmark in its own JVM. */
    @TearDown
    public void tearDown() {}

    static synchronized void closeShared() {
        if (system != null) {
            system.close();
            system = null;
        }
    }

    @Benchmark
    public byte[] encode() throws Exception {
        return codec.encode(envelope);
    }

    @Benchmark
    public Envelope decode() throws Exception {
        return codec.decode(encoded);
    }
}
