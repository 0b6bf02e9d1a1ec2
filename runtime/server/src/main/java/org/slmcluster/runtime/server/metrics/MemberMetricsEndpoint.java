package org.slmcluster.runtime.server.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slmcluster.actors.metrics.MemberMetrics;

/**
 * What a member's {@code /metrics} serves on its management port: its {@link MemberMetrics} (engines,
 * routing) plus the JVM (heap, GC, threads, process CPU and resident memory) and the host
 * ({@link HostMetrics}), in the Prometheus text format.
 */
public final class MemberMetricsEndpoint {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private MemberMetricsEndpoint(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /**
     * The endpoint of {@code system}'s member; {@code directories} are the directories whose free disk
     * space is reported, by role (e.g. data, models).
     */
    public static MemberMetricsEndpoint of(ActorSystem<?> system, Map<String, Path> directories) {
        MemberMetrics metrics = MemberMetrics.get(system);
        metrics.extendOnce("jvm", registry -> JvmMetrics.builder().register(registry));
        metrics.extendOnce("host", registry -> HostMetrics.of(directories).register(registry));
        return new MemberMetricsEndpoint(metrics.registry());
    }

    /** The exposition of every metric, read now. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
