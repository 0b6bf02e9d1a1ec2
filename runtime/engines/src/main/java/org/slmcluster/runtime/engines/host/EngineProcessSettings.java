package org.slmcluster.runtime.engines.host;

import java.time.Duration;

/**
 * How a member runs and watches its engine processes ({@code slm.engine.*}).
 *
 * @param heartbeatInterval how often the engine says it is alive
 * @param heartbeatTimeout  silence after which the engine counts as hung and is killed; it applies from the
 *                          engine's first frame on, through the model load (the engine heartbeats while loading)
 * @param startTimeout      process start until the engine's first frame (JVM start-up, before any heartbeat),
 *                          after which a silent engine is killed and the load failed
 * @param loadTimeout       start plus model load, after which the engine is killed and the load failed
 * @param javaOptions       JVM options of the engine process (small heap: the model lives off-heap)
 */
public record EngineProcessSettings(
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration startTimeout,
        Duration loadTimeout,
        java.util.List<String> javaOptions) {

    public static final EngineProcessSettings DEFAULTS = new EngineProcessSettings(
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(120),
            java.util.List.of(
                    "-Xms8m",
                    "-Xmx64m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:CICompilerCount=1",
                    "-XX:ReservedCodeCacheSize=16m",
                    "-Xss512k",
                    "-Xshare:auto"));

    public EngineProcessSettings {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("slm.engine.heartbeat-interval must be positive");
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "slm.engine.heartbeat-timeout must be at least twice slm.engine.heartbeat-interval");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("slm.engine.start-timeout must be positive");
        }
        if (loadTimeout.isNegative() || loadTimeout.isZero()) {
            throw new IllegalArgumentException("slm.engine.load-timeout must be positive");
        }
        javaOptions = java.util.List.copyOf(javaOptions);
    }

    /**
     * Reads {@code slm.engine.heartbeat-interval|heartbeat-timeout|start-timeout|load-timeout|java-options},
     * defaults for the rest.
     */
    public static EngineProcessSettings fromConfig(com.typesafe.config.Config config) {
        String prefix = "slm.engine.";
        return new EngineProcessSettings(
                config.hasPath(prefix + "heartbeat-interval")
                        ? config.getDuration(prefix + "heartbeat-interval")
                        : DEFAULTS.heartbeatInterval(),
                config.hasPath(prefix + "heartbeat-timeout")
                        ? config.getDuration(prefix + "heartbeat-timeout")
                        : DEFAULTS.heartbeatTimeout(),
                config.hasPath(prefix + "start-timeout")
                        ? config.getDuration(prefix + "start-timeout")
                        : DEFAULTS.startTimeout(),
                config.hasPath(prefix + "load-timeout")
                        ? config.getDuration(prefix + "load-timeout")
                        : DEFAULTS.loadTimeout(),
                config.hasPath(prefix + "java-options")
                        ? config.getStringList(prefix + "java-options")
                        : DEFAULTS.javaOptions());
    }
}
