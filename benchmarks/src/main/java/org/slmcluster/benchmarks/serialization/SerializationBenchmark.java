package org.slmcluster.benchmarks.serialization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;

/**
 * Kryo (the project's serializer, through Pekko's Serialization extension) vs Jackson JSON vs Java
 * serialization of the task envelopes: bytes per message, and ns per encode / decode from JMH.
 * {@code --quick} runs JMH in this JVM with short iterations; the full run forks as JMH recommends.
 */
public final class SerializationBenchmark {

    static final String USAGE = """
            usage: slm bench serialization [--quick] [--out FILE] [--forks N]
            Kryo vs Jackson JSON vs Java serialization of task envelopes: bytes per message and ns per encode /
            decode (JMH).
              --forks N          JMH forks (quick 0 = in this JVM, full 1)
            """ + BenchmarkUsage.COMMON;

    public static final String NAME = "serialization";

    private SerializationBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkReport report = run(BenchmarkUsage.parseOrExit(USAGE, args));
        report.finish();
        BenchmarkReport.exit(0);
    }

    /** Measures sizes (and checks every format restores an equal envelope), then runs JMH. */
    public static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        Map<String, Integer> sizes = sizes(report);
        boolean quick = options.quick();
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .include(EnvelopeSerializationBenchmark.class.getName())
                .shouldFailOnError(true)
                .forks(quick ? 0 : options.intValue("forks", 0, 1))
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000));
        report.setting(
                "jmh",
                quick
                        ? "in-process (fork 0), warmup 1 x 300 ms, measurement 2 x 300 ms"
                        : "fork " + options.intValue("forks", 0, 1) + ", warmup 3 x 1 s, measurement 5 x 1 s");
        Collection<RunResult> results = new Runner(jmh.build()).run();
        EnvelopeSerializationBenchmark.closeShared();

        Map<String, Map<String, Double>> nanos = new HashMap<>();
        Map<String, Map<String, Double>> errors = new HashMap<>();
        for (RunResult result : results) {
            String format = result.getParams().getParam("format");
            String message = result.getParams().getParam("message");
            String method = result.getParams()
                    .getBenchmark()
                    .substring(result.getParams().getBenchmark().lastIndexOf('.') + 1);
            nanos.computeIfAbsent(format + "/" + message, k -> new HashMap<>())
                    .put(method, result.getPrimaryResult().getScore());
            double error = result.getPrimaryResult().getScoreError();
            // JMH has no confidence interval for fewer than 3 iterations
            errors.computeIfAbsent(format + "/" + message, k -> new HashMap<>())
                    .put(method, Double.isNaN(error) ? null : error);
        }
        for (String message : List.of(SampleEnvelopes.REQUEST, SampleEnvelopes.RESULT)) {
            double kryoTotal = total(nanos.get("kryo/" + message));
            int kryoBytes = sizes.get("kryo/" + message);
            for (String format : List.of("kryo", "jackson", "java")) {
                String key = format + "/" + message;
                Map<String, Double> n = nanos.get(key);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("message", message);
                row.put("format", format);
                row.put("bytes", sizes.get(key));
                row.put("bytes vs kryo", sizes.get(key) / (double) kryoBytes);
                row.put("encode ns", n.get("encode"));
                row.put("encode err", errors.get(key).get("encode"));
                row.put("decode ns", n.get("decode"));
                row.put("decode err", errors.get(key).get("decode"));
                row.put("round trip ns", total(n));
                row.put("vs kryo", total(n) / kryoTotal);
                report.row("envelopes", row);
            }
        }
        report.note("ns/op from JMH (average time, error = 99.9% confidence half-width); bytes = payload bytes "
                + "(Artery also sends the manifest: the Kryo registration id, 3 characters)");
        report.note("java: the records are not Serializable by design, so they are copied into Serializable "
                + "mirrors (copy cost included); ActorRefs are written as their serialization format in every format");
        return report;
    }

    private static double total(Map<String, Double> nanos) {
        return nanos.get("encode") + nanos.get("decode");
    }

    /** Bytes per message and format; fails when a format does not give back an equal envelope. */
    static Map<String, Integer> sizes(BenchmarkReport report) throws Exception {
        Map<String, Integer> sizes;
        try (CodecSystem system = new CodecSystem()) {
            sizes = sizes(system);
        }
        report.setting("round trip", "every format restores an equal envelope (checked)");
        return sizes;
    }

    static Map<String, Integer> sizes(CodecSystem system) throws Exception {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String message : List.of(SampleEnvelopes.REQUEST, SampleEnvelopes.RESULT)) {
            Envelope envelope = system.envelope(message);
            for (EnvelopeCodec codec : system.codecs()) {
                byte[] bytes = codec.encode(envelope);
                Envelope back = codec.decode(bytes);
                if (!back.equals(envelope)) {
                    problems.add(codec.name() + " changed the " + message + " envelope: " + back);
                }
                sizes.put(codec.name() + "/" + message, bytes.length);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
        return sizes;
    }
}
