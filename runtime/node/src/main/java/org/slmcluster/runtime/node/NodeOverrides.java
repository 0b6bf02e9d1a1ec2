package org.slmcluster.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/**
 * What the command line or a launcher changes in a node file: host, ports, seeds, and any further
 * settings (e.g. fast failure detection in tests). {@code null} / empty means "as in the file".
 */
public record NodeOverrides(
        String host, Integer port, List<String> seeds, Integer httpPort, Integer managementPort, Config settings) {

    public static final NodeOverrides NONE =
            new NodeOverrides(null, null, List.of(), null, null, ConfigFactory.empty());

    public NodeOverrides {
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        settings = settings == null ? ConfigFactory.empty() : settings;
    }

    public NodeOverrides withHost(String value) {
        return new NodeOverrides(value, port, seeds, httpPort, managementPort, settings);
    }

    public NodeOverrides withPort(Integer value) {
        return new NodeOverrides(host, value, seeds, httpPort, managementPort, settings);
    }

    public NodeOverrides withSeeds(List<String> value) {
        return new NodeOverrides(host, port, value, httpPort, managementPort, settings);
    }

    public NodeOverrides withHttpPort(Integer value) {
        return new NodeOverrides(host, port, seeds, value, managementPort, settings);
    }

    public NodeOverrides withManagementPort(Integer value) {
        return new NodeOverrides(host, port, seeds, httpPort, value, settings);
    }

    /** Adds settings on top of earlier ones (later wins). */
    public NodeOverrides withSettings(Config value) {
        return new NodeOverrides(host, port, seeds, httpPort, managementPort, value.withFallback(settings));
    }

    Config asConfig() {
        Config config = settings;
        if (host != null) {
            config = ConfigFactory.parseMap(Map.of("slm.node.host", host)).withFallback(config);
        }
        if (port != null) {
            config = ConfigFactory.parseMap(Map.of("slm.node.port", port)).withFallback(config);
        }
        if (!seeds.isEmpty()) {
            config = ConfigFactory.parseMap(Map.of("slm.cluster.seeds", seeds)).withFallback(config);
        }
        if (httpPort != null) {
            config = ConfigFactory.parseMap(Map.of("slm.http.port", httpPort)).withFallback(config);
        }
        if (managementPort != null) {
            config = ConfigFactory.parseMap(Map.of("slm.management.port", managementPort))
                    .withFallback(config);
        }
        return config;
    }
}
