package org.slmcluster.runtime.node;

import java.util.LinkedHashMap;
import java.util.Map;

/** Failure detection and joining tuned for members on one (busy) machine, as system properties or HOCON. */
final class FastClusterSettings {

    static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("pekko.cluster.seed-node-timeout", "3s");
        PROPERTIES.put("pekko.cluster.retry-unsuccessful-join-after", "2s");
        PROPERTIES.put("pekko.cluster.failure-detector.heartbeat-interval", "500ms");
        PROPERTIES.put("pekko.cluster.failure-detector.acceptable-heartbeat-pause", "3s");
        PROPERTIES.put("pekko.cluster.split-brain-resolver.stable-after", "3s");
    }

    static String hocon() {
        StringBuilder out = new StringBuilder();
        PROPERTIES.forEach((key, value) -> out.append(key).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    private FastClusterSettings() {
    }
}
