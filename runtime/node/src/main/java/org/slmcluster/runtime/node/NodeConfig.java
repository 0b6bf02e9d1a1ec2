package org.slmcluster.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.topology.Topology;

/**
 * One member's configuration, validated: who it is on the overlay (name, label, roles), where it
 * listens, whom it contacts to join, and which models it hosts. Built from a node file (which includes
 * {@code cluster.conf}) or from a config assembled in code (embedded clusters).
 *
 * <p>{@code slm.node.host} is the address the others reach this member at (Artery's canonical hostname);
 * {@code slm.node.bind-host}, when set, the local address it listens on (behind NAT, or to listen on every
 * interface with {@code 0.0.0.0}).
 *
 * <p>Layers, first wins: overrides, [JVM system properties], the node file, {@code slm-node-defaults.conf},
 * Pekko's {@code reference.conf}s. The Pekko remoting, seed-node and role settings are derived from the
 * {@code slm.*} keys, so a host or port is written in one place.
 */
public final class NodeConfig {

    /** A member other than {@code root} that may take over as the coordinator (docs/FAULTS.md). */
    public static final String STANDBY_KEY = "slm.coordinator.standby";

    public static final String DEFAULTS_RESOURCE = "slm-node-defaults.conf";
    public static final Set<String> ROUTING_MODES = Set.of("overlay", "direct");

    private final String origin;
    private final Config config;
    private final String systemName;
    private final String name;
    private final String label;
    private final List<String> roles;
    private final String host;
    private final String bindHost;
    private final int port;
    private final List<String> seeds;
    private final Duration joinTimeout;
    private final Duration rejoinTimeout;
    private final int httpPort;
    private final int managementPort;
    private final boolean standbyCoordinator;
    private final List<String> models;
    private final Map<String, ModelSpec> catalogue;
    private final Topology topology;
    private final String routingMode;
    private final Optional<MemberTls> tls;

    private NodeConfig(String origin, Config merged) {
        this.origin = origin;
        try {
            this.systemName = requireText(merged, "slm.cluster.system-name");
            if (!systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                throw invalid(
                        "slm.cluster.system-name",
                        "'" + systemName + "' is not a valid actor system name (letters, digits, '-' and '_')");
            }
            this.name = requireText(merged, "slm.node.name");
            this.topology = topology(merged);
            this.label = requireText(merged, "slm.node.label");
            if (!topology.contains(label)) {
                throw invalid(
                        "slm.node.label",
                        "'" + label + "' is not a node of the arity-" + topology.arity() + ", depth-" + topology.depth()
                                + " topology (labels: " + labelsPreview(topology) + ")");
            }
            this.roles = List.copyOf(merged.getStringList("slm.node.roles"));
            this.host = requireText(merged, "slm.node.host");
            // Empty: bind where the others reach us. Set when that address is not local (NAT, containers).
            String bind = merged.hasPath("slm.node.bind-host")
                    ? merged.getString("slm.node.bind-host").trim()
                    : "";
            this.bindHost = bind.isEmpty() ? host : bind;
            this.port = port(merged, "slm.node.port", 0);
            // 0 for the reserved HTTP and management ports: not served (embedded members).
            this.httpPort = port(merged, "slm.http.port", 0);
            this.managementPort = port(merged, "slm.management.port", 0);
            this.standbyCoordinator = merged.hasPath(STANDBY_KEY) && merged.getBoolean(STANDBY_KEY);
            requireDistinctPorts();
            this.seeds = List.copyOf(merged.getStringList("slm.cluster.seeds"));
            if (seeds.isEmpty()) {
                throw invalid("slm.cluster.seeds", "is empty; name at least one HOST:PORT to join (the coordinator)");
            }
            for (int i = 0; i < seeds.size(); i++) {
                try {
                    parseHostPort(seeds.get(i), "slm.cluster.seeds[" + i + "]");
                } catch (NodeConfigException e) {
                    throw new NodeConfigException(origin + ": " + e.getMessage());
                }
            }
            this.joinTimeout = merged.getDuration("slm.cluster.join-timeout");
            if (joinTimeout.isNegative() || joinTimeout.isZero()) {
                throw invalid("slm.cluster.join-timeout", "must be longer than 0 (e.g. 60s)");
            }
            Duration rejoin = merged.getDuration("slm.cluster.rejoin-timeout");
            if (rejoin.isNegative() || rejoin.isZero()) {
                throw invalid("slm.cluster.rejoin-timeout", "must be longer than 0 (e.g. 20s)");
            }
            // The rejoin phase counts against join-timeout (Pekko stops a member that joined nobody by then).
            this.rejoinTimeout = rejoin.compareTo(joinTimeout.dividedBy(2)) > 0 ? joinTimeout.dividedBy(2) : rejoin;
            this.models = List.copyOf(merged.getStringList("slm.node.models"));
            try {
                this.catalogue = merged.hasPath("slm.models")
                        ? ModelSpec.allFromConfig(merged.getConfig("slm.models"))
                        : Map.of();
            } catch (IllegalArgumentException e) {
                throw invalid("slm.models", e.getMessage());
            }
            Set<String> known = catalogue.keySet();
            Set<String> seen = new LinkedHashSet<>();
            for (String model : models) {
                if (!known.contains(model)) {
                    throw invalid(
                            "slm.node.models",
                            "model '" + model + "' is not defined under slm.models (known: "
                                    + (known.isEmpty()
                                            ? "none"
                                            : known.stream().sorted().collect(Collectors.joining(", ")))
                                    + ")");
                }
                if (!seen.add(model)) {
                    throw invalid("slm.node.models", "model '" + model + "' is listed twice");
                }
            }
            this.routingMode = requireText(merged, "slm.routing.mode");
            if (!ROUTING_MODES.contains(routingMode)) {
                throw invalid("slm.routing.mode", "'" + routingMode + "' is not one of overlay, direct");
            }
            try {
                this.tls = MemberTls.fromConfig(merged, name);
            } catch (NodeConfigException e) {
                throw new NodeConfigException(origin + ": " + e.getMessage(), e);
            }
        } catch (ConfigException e) {
            throw new NodeConfigException(origin + ": " + e.getMessage(), e);
        }
        this.config = derivePekkoSettings(merged);
    }

    /** Loads a node file; {@code include "../cluster.conf"} and the like resolve relative to the file. */
    public static NodeConfig load(Path file) {
        return load(file, NodeOverrides.NONE);
    }

    /** Loads a node file with command-line overrides on top (system properties are not consulted). */
    public static NodeConfig load(Path file, NodeOverrides overrides) {
        return load(file, overrides, false);
    }

    /**
     * Loads a node file; with {@code systemProperties} the JVM's {@code -D} settings sit between the
     * overrides and the file (what a node started from the command line wants, never an embedded one).
     */
    public static NodeConfig load(Path file, NodeOverrides overrides, boolean systemProperties) {
        return load(file, overrides, systemProperties, ConfigFactory.empty());
    }

    /**
     * As {@link #load(Path, NodeOverrides, boolean)}, with {@code commandDefaults} below the file and above
     * the built-in defaults (what a command changes about the defaults, e.g. engine isolation for
     * {@code slm node start}).
     */
    public static NodeConfig load(
            Path file, NodeOverrides overrides, boolean systemProperties, Config commandDefaults) {
        String origin = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new NodeConfigException(origin + ": node config file not found");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new NodeConfigException(origin + ": " + e.getMessage(), e);
        }
        Config layered = overrides.asConfig();
        if (systemProperties) {
            layered = layered.withFallback(ConfigFactory.systemProperties());
        }
        return fromConfig(origin, layered.withFallback(parsed).withFallback(commandDefaults));
    }

    /** Builds from a config assembled in code; {@code origin} names it in error messages. */
    public static NodeConfig fromConfig(String origin, Config unresolved) {
        Config merged;
        try {
            merged = unresolved
                    .withFallback(ConfigFactory.parseResources(NodeConfig.class.getClassLoader(), DEFAULTS_RESOURCE))
                    .withFallback(ConfigFactory.defaultReference(NodeConfig.class.getClassLoader()))
                    .resolve();
        } catch (ConfigException e) {
            throw new NodeConfigException(origin + ": " + e.getMessage(), e);
        }
        return new NodeConfig(origin, merged);
    }

    private Config derivePekkoSettings(Config merged) {
        List<String> seedAddresses = new ArrayList<>();
        for (String seed : seeds) {
            seedAddresses.add("pekko://" + systemName + "@" + seed);
        }
        Map<String, Object> derived = new HashMap<>();
        derived.put("pekko.remote.artery.canonical.hostname", host);
        derived.put("pekko.remote.artery.canonical.port", port);
        derived.put("pekko.remote.artery.bind.hostname", bindHost);
        // A member that reaches no seed stops (CoordinatedShutdown reason ClusterJoinUnsuccessful) instead
        // of retrying forever: the node command turns that into a one-line error and a non-zero exit.
        derived.put("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes", joinTimeout.toMillis() + "ms");
        derived.put("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses));
        derived.put("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
        tls.ifPresent(material -> derived.putAll(material.pekkoSettings()));
        return ConfigFactory.parseMap(derived, "derived from slm.node / slm.cluster")
                .withFallback(merged);
    }

    private Topology topology(Config merged) {
        int arity = merged.getInt("slm.topology.arity");
        int depth = merged.getInt("slm.topology.depth");
        try {
            return Topology.of(arity, depth);
        } catch (IllegalArgumentException e) {
            throw invalid("slm.topology", e.getMessage());
        }
    }

    private int port(Config merged, String key, int lowest) {
        int value = merged.getInt(key);
        if (value < lowest || value > 65535) {
            throw invalid(key, value + " is not a valid port (" + lowest + ".." + 65535 + ")");
        }
        return value;
    }

    private void requireDistinctPorts() {
        if (port != 0 && (port == httpPort || port == managementPort)) {
            // port == 0 asks Artery for any free port; it cannot clash with a fixed one.
            throw invalid(
                    "slm.node.port",
                    port + " is also used by " + (port == httpPort ? "slm.http.port" : "slm.management.port"));
        }
        if (httpPort != 0 && httpPort == managementPort) {
            throw invalid("slm.management.port", managementPort + " is also used by slm.http.port");
        }
    }

    private String requireText(Config merged, String key) {
        String value = merged.getString(key).trim();
        if (value.isEmpty()) {
            throw invalid(key, "must not be empty");
        }
        return value;
    }

    private NodeConfigException invalid(String key, String problem) {
        return new NodeConfigException(origin + ": " + key + ": " + problem);
    }

    private static String labelsPreview(Topology topology) {
        List<String> labels =
                topology.nodes().stream().map(n -> n.label()).limit(16).toList();
        return String.join(", ", labels) + (topology.size() > labels.size() ? ", ..." : "");
    }

    /** Splits {@code HOST:PORT}; the message names the key when the value is malformed. */
    static HostPort parseHostPort(String value, String key) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new NodeConfigException(key + ": '" + value + "' is not HOST:PORT");
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new NodeConfigException(key + ": '" + value + "' has no valid port (1..65535)");
        }
    }

    record HostPort(String host, int port) {}

    /** Where the settings came from (file path or a description), for messages. */
    public String origin() {
        return origin;
    }

    /** The complete, resolved configuration to start the ActorSystem with. */
    public Config config() {
        return config;
    }

    public String systemName() {
        return systemName;
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public List<String> roles() {
        return roles;
    }

    public String host() {
        return host;
    }

    /** The address the member binds to: {@code slm.node.bind-host}, else {@link #host()}. */
    public String bindHost() {
        return bindHost;
    }

    public int port() {
        return port;
    }

    /** How long a member tries to reach a seed before it gives up ({@code slm.cluster.join-timeout}). */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /**
     * How long a restarted first seed tries to rejoin the other seeds before it founds a cluster
     * ({@code slm.cluster.rejoin-timeout}, at most half of {@link #joinTimeout()}; {@link JoinPlan}).
     */
    public Duration rejoinTimeout() {
        return rejoinTimeout;
    }

    /** This member's own {@code HOST:PORT}, as the seed lists name it. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** Seed members as {@code HOST:PORT}. */
    public List<String> seeds() {
        return seeds;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /**
     * True when this member ({@value #STANDBY_KEY}) may take over as the coordinator: it runs a task
     * dispatcher and, with {@code slm.coordinator.failover = on}, serves the API while it holds the lease.
     */
    public boolean standbyCoordinator() {
        return standbyCoordinator;
    }

    /** Names of the hosted models (keys of {@code slm.models}). */
    public List<String> models() {
        return models;
    }

    /** The hosted models' specs, in the order of {@code slm.node.models}. */
    public List<ModelSpec> hostedModels() {
        return models.stream().map(catalogue::get).toList();
    }

    /** Every model defined under {@code slm.models}, by name. */
    public Map<String, ModelSpec> catalogue() {
        return catalogue;
    }

    public Topology topology() {
        return topology;
    }

    public String routingMode() {
        return routingMode;
    }

    /** This member's certificate material when it talks TLS ({@code slm.tls.*}; see {@link MemberTls}). */
    public Optional<MemberTls> tls() {
        return tls;
    }

    @Override
    public String toString() {
        return name + " [" + label + "] " + host + ":" + port + " (" + origin + ")";
    }
}
