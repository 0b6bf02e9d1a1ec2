package org.slmcluster.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for members on one (busy, 2-core) machine, as system properties or HOCON. Joining is quick;
 * failure detection is faster than on Pis but tolerant enough that a starved JVM is not taken for dead.
 */
public final class FastClusterSettings {

    /** Joining only; failure detection as in cluster.conf (what a many-member JVM needs under load). */
    public static final Map<String, String> JOINING = new LinkedHashMap<>();
    /** Joining plus failure detection fast enough for a kill test. */
    public static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        JOINING.put("pekko.cluster.seed-node-timeout", "3s");
        JOINING.put("pekko.cluster.retry-unsuccessful-join-after", "2s");
        PROPERTIES.putAll(JOINING);
        PROPERTIES.put("pekko.cluster.failure-detector.heartbeat-interval", "1s");
        PROPERTIES.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", "4s");
        PROPERTIES.put("pekko.cluster.split-brain-resolver.stable-after", "4s");
    }

    public static String hocon(Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        settings.forEach(
                (key, value) -> out.append(key).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    private FastClusterSettings() {}
}
