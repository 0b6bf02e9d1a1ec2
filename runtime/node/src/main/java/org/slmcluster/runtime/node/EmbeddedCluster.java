package org.slmcluster.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slmcluster.actors.dispatch.ClusterStatus;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * A whole cluster in this JVM: every node of an arity-d, depth-h overlay runs as its own ActorSystem
 * on a free loopback port, and the members talk through Artery exactly as separate devices do (messages
 * are serialized). What the demo, the tests and embedding applications use.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.start(2, 2, Map.of("11", List.of("stories260k")),
 *         EmbeddedCluster.Options.defaults().withClusterConf(Path.of("cluster.conf")))) {
 *     cluster.awaitUp(Duration.ofSeconds(30));
 *     TaskResult result = cluster.submit("stories260k", request).toCompletableFuture().get();
 * }
 * }</pre>
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

    /**
     * @param host            loopback (default) or another local address every member binds to
     * @param settings        settings under every member (model definitions, failure detector, ...)
     * @param defaultDeadline deadline of tasks submitted without one
     */
    public record Options(String host, Config settings, Duration defaultDeadline) {

        public Options {
            settings = settings == null ? ConfigFactory.empty() : settings;
            defaultDeadline = defaultDeadline == null ? Duration.ofSeconds(120) : defaultDeadline;
        }

        /** Loopback, the built-in defaults, a 120 s deadline. Define the hosted models with the with-methods. */
        public static Options defaults() {
            return new Options("127.0.0.1", ConfigFactory.empty(), Duration.ofSeconds(120));
        }

        /** Adds settings on top of the earlier ones (later wins). */
        public Options withSettings(Config value) {
            return new Options(host, value.withFallback(settings), defaultDeadline);
        }

        public Options withSettings(String hocon) {
            return withSettings(ConfigFactory.parseString(hocon));
        }

        /**
         * Uses a cluster.conf (models, failure detector, downing) underneath the earlier settings; its
         * seeds and ports are replaced by the embedded cluster's own.
         */
        public Options withClusterConf(Path clusterConf) {
            Config parsed;
            try {
                parsed = ConfigFactory.parseFile(
                        clusterConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new NodeConfigException(clusterConf + ": " + e.getMessage(), e);
            }
            return new Options(host, settings.withFallback(parsed), defaultDeadline);
        }

        public Options withHost(String value) {
            return new Options(value, settings, defaultDeadline);
        }

        public Options withDefaultDeadline(Duration value) {
            return new Options(host, settings, value);
        }
    }

    /**
     * The placement of nodes/*.conf on the default arity-2, depth-2 overlay: the test models on the four
     * leaves, every one two hops from the root.
     */
    public static final Map<String, List<String>> DEFAULT_PLACEMENT = Map.of(
            "00", List.of("stories260k"),
            "01", List.of("llama-2-tiny-random"),
            "10", List.of("llama-2-tiny-random"),
            "11", List.of("stories260k"));

    private final Topology topology;
    private final Options options;
    private final Map<String, NodeRuntime> members;

    private EmbeddedCluster(Topology topology, Options options, Map<String, NodeRuntime> members) {
        this.topology = topology;
        this.options = options;
        this.members = members;
    }

    /**
     * What every member needs when several share one JVM: one MBean each, and small thread pools so that
     * members do not starve each other (and their heartbeats) of the machine's cores.
     */
    public static Config sharedJvmSettings() {
        return ConfigFactory.parseString("""
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                # Seven members on loopback in one JVM: gossip and leader actions every 200 ms (not 1 s) bring
                # a joining member Up, and the receptionist's host lists to the dispatcher, within a second.
                pekko.cluster.periodic-tasks-initial-delay = 100ms
                pekko.cluster.gossip-interval = 200ms
                pekko.cluster.leader-actions-interval = 200ms
                pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 200ms
                pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = 100ms
                pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 4
                pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max = 2
                pekko.remote.default-remote-dispatcher.fork-join-executor.parallelism-max = 2
                """);
    }

    /**
     * Starts one member per node of the overlay ({@code root} first, as the seed), each hosting the
     * models {@code placement} lists for its label. Returns once every ActorSystem runs; call
     * {@link #awaitUp} to wait for the cluster to form. On failure, whatever started is stopped.
     */
    public static EmbeddedCluster start(int arity, int depth, Map<String, List<String>> placement, Options options) {
        Topology topology = Topology.of(arity, depth);
        for (String label : placement.keySet()) {
            if (!topology.contains(label)) {
                throw new IllegalArgumentException("placement names '" + label + "', which is not a node of the arity-"
                        + arity + ", depth-" + depth + " topology");
            }
        }
        List<String> labels = topology.nodes().stream().map(Node::label).toList();
        List<Integer> ports = FreePorts.pick(labels.size());
        String seed = options.host() + ":" + ports.get(0);

        Map<String, NodeRuntime> started = Collections.synchronizedMap(new LinkedHashMap<>());
        EmbeddedCluster cluster = new EmbeddedCluster(topology, options, started);
        try {
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                NodeConfig config = memberConfig(
                        arity, depth, label, ports.get(i), seed, placement.getOrDefault(label, List.of()), options);
                long begun = System.nanoTime();
                started.put(label, NodeRuntime.start(config));
                log.info("embedded member {} started in {} ms", label, (System.nanoTime() - begun) / 1_000_000);
            }
        } catch (RuntimeException e) {
            cluster.stop();
            throw e;
        }
        return cluster;
    }

    private static NodeConfig memberConfig(
            int arity, int depth, String label, int port, String seed, List<String> models, Options options) {
        Map<String, Object> node = new HashMap<>();
        node.put("slm.node.name", Labels.ROOT.equals(label) ? "coordinator" : "node-" + label);
        node.put("slm.node.label", label);
        node.put(
                "slm.node.roles",
                ConfigValueFactory.fromIterable(
                        List.of(Labels.ROOT.equals(label) ? "coordinator" : models.isEmpty() ? "router" : "worker")));
        node.put("slm.node.host", options.host());
        node.put("slm.node.port", port);
        node.put("slm.node.models", ConfigValueFactory.fromIterable(models));
        node.put("slm.cluster.seeds", ConfigValueFactory.fromIterable(List.of(seed)));
        node.put("slm.topology.arity", arity);
        node.put("slm.topology.depth", depth);
        // Nothing is served over HTTP in embedded mode yet: the reserved ports only must not clash.
        node.put("slm.http.port", 0);
        node.put("slm.management.port", 0);
        node.put("slm.dispatch.default-deadline", options.defaultDeadline().toMillis() + "ms");
        Config config = ConfigFactory.parseMap(node, "embedded member " + label)
                .withFallback(options.settings())
                .withFallback(sharedJvmSettings());
        return NodeConfig.fromConfig("embedded member " + label, config);
    }

    /**
     * Waits until every member is Up, the coordinator sees all of them Up, and its dispatcher knows every
     * placed model's host (workers register through the receptionist a moment after joining).
     */
    public EmbeddedCluster awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long up = upMembers(coordinator());
            boolean allSelvesUp = members.values().stream().allMatch(NodeRuntime::isUp);
            if (allSelvesUp && up == members.size() && dispatcherKnowsEveryHost() && routersSeeEveryMember()) {
                return this;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded cluster did not form within " + timeout
                        + ": coordinator sees "
                        + up + " of " + members.size() + " members Up; not Up themselves: "
                        + members().stream()
                                .filter(m -> !m.isUp())
                                .map(NodeRuntime::label)
                                .toList()
                        + "; hosted models known to the dispatcher: " + (allSelvesUp ? knownHosts() : "(not asked)"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the cluster to form", e);
            }
        }
    }

    private boolean dispatcherKnowsEveryHost() {
        ClusterStatus status;
        try {
            status = status(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
        Map<String, List<String>> listed = new HashMap<>();
        for (ClusterStatus.Member member : status.members()) {
            listed.put(member.label(), member.models());
        }
        for (NodeRuntime member : members()) {
            List<String> models = listed.getOrDefault(member.label(), List.of());
            if (!models.containsAll(member.config().models())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each router learns of membership on its own, a little after the coordinator does; until every router
     * sees every member, the first task may bounce on the way and need a second attempt.
     */
    private boolean routersSeeEveryMember() {
        for (NodeRuntime member : members()) {
            try {
                NodeGuardian.NodeRefs refs =
                        member.refs(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                DeBruijnRouter.View view = AskPattern.<DeBruijnRouter.Command, DeBruijnRouter.View>ask(
                                refs.router(),
                                DeBruijnRouter.GetView::new,
                                Duration.ofSeconds(5),
                                member.system().scheduler())
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                if (view.memberLabels().size() < members.size()
                        || !view.unavailable().isEmpty()) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    private String knownHosts() {
        try {
            return status(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS).members().stream()
                    .map(m -> m.label() + "=" + m.models())
                    .toList()
                    .toString();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    private static long upMembers(NodeRuntime node) {
        long count = 0;
        for (Member member : Cluster.get(node.system()).state().getMembers()) {
            if (member.status() == MemberStatus.up()) {
                count++;
            }
        }
        return count;
    }

    public Topology topology() {
        return topology;
    }

    public Options options() {
        return options;
    }

    public NodeRuntime coordinator() {
        return member(Labels.ROOT);
    }

    /** The member at {@code label}. */
    public NodeRuntime member(String label) {
        NodeRuntime member = members.get(label);
        if (member == null) {
            throw new IllegalArgumentException(
                    "no member with label '" + label + "' (labels: " + members.keySet() + ")");
        }
        return member;
    }

    /** Every member, root first, then in label order. */
    public List<NodeRuntime> members() {
        synchronized (members) {
            return List.copyOf(members.values());
        }
    }

    /** Runs {@code request} on a member hosting {@code model}, chosen by the coordinator's dispatcher. */
    public CompletionStage<TaskResult> submit(String model, GenerationRequest request) {
        return submit(model, request, options.defaultDeadline());
    }

    public CompletionStage<TaskResult> submit(String model, GenerationRequest request, Duration deadline) {
        return coordinator().submit(UUID.randomUUID().toString(), model, request, deadline);
    }

    /** The coordinator's view of members, labels and workers. */
    public CompletionStage<ClusterStatus> status(Duration timeout) {
        return coordinator().clusterStatus(timeout);
    }

    /**
     * Terminates every member (the whole cluster goes, so nobody waits to hand over) and closes all
     * engines. Idempotent.
     */
    public void stop() {
        List<NodeRuntime> all = members();
        for (NodeRuntime member : all) {
            member.terminate();
        }
        for (NodeRuntime member : all) {
            try {
                member.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("member {} did not terminate cleanly: {}", member.label(), e.toString());
            }
            member.stop(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        for (NodeRuntime member : members()) {
            lines.add(member.toString());
        }
        return "EmbeddedCluster" + lines;
    }
}
