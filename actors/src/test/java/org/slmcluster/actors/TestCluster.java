package org.slmcluster.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slmcluster.actors.engine.EngineFactory;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.actors.node.NodeSettings;
import org.slmcluster.actors.routing.ClusterView;
import org.slmcluster.testing.Eventually;

/**
 * Real Pekko clusters inside one JVM: every member is its own ActorSystem on 127.0.0.1 with a free port,
 * fast failure detection and keep-majority downing. Close it in a finally / @AfterAll.
 */
public final class TestCluster implements AutoCloseable {

    public static final Duration ASK = Duration.ofSeconds(5);

    private final List<ActorSystem<NodeGuardian.Command>> all = new ArrayList<>();
    private final Map<String, ActorSystem<NodeGuardian.Command>> byLabel = new LinkedHashMap<>();
    private String seed;

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cluster settings for one member on {@code port} joining {@code seed} (itself when null). */
    public static Config memberConfig(int port, String seed) {
        String seedNode = seed == null ? "pekko://" + NodeGuardian.SYSTEM_NAME + "@127.0.0.1:" + port : seed;
        return ConfigFactory.parseString(String.join(
                        "\n",
                        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                        "pekko.loglevel = INFO",
                        "pekko.log-dead-letters = off",
                        "pekko.actor.provider = cluster",
                        "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                        "pekko.remote.artery.canonical.port = " + port,
                        "pekko.cluster.seed-nodes = [\"" + seedNode + "\"]",
                        "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                        "pekko.cluster.seed-node-timeout = 1s",
                        "pekko.cluster.failure-detector.heartbeat-interval = 500ms",
                        "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1500ms",
                        "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                        "pekko.cluster.split-brain-resolver.active-strategy = keep-majority",
                        "pekko.cluster.split-brain-resolver.stable-after = 3s",
                        "pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 300ms",
                        "pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = 100ms",
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                        // terminate() is a crash: the member stops without leaving, so the others see it unreachable
                        // and down it; it also keeps teardown fast (no leave that waits for convergence)
                        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off"))
                .withFallback(ConfigFactory.load());
    }

    /** Starts a member; the first one started is the seed node. */
    public ActorSystem<NodeGuardian.Command> start(NodeSettings settings, EngineFactory engines) {
        int port = freePort();
        Config config = memberConfig(port, seed);
        if (seed == null) {
            seed = "pekko://" + NodeGuardian.SYSTEM_NAME + "@127.0.0.1:" + port;
        }
        ActorSystem<NodeGuardian.Command> system = NodeGuardian.start(settings, engines, config);
        all.add(system);
        byLabel.putIfAbsent(settings.label(), system);
        return system;
    }

    public ActorSystem<NodeGuardian.Command> system(String label) {
        ActorSystem<NodeGuardian.Command> system = byLabel.get(label);
        if (system == null) {
            throw new IllegalArgumentException("no member " + label);
        }
        return system;
    }

    public NodeGuardian.NodeRefs refs(String label) {
        ActorSystem<NodeGuardian.Command> system = system(label);
        try {
            return NodeGuardian.refs(system, ASK).toCompletableFuture().get(ASK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("member " + label + " did not answer GetRefs", e);
        }
    }

    /** Labels of the Up members as {@code observer} sees them. */
    public Set<String> upLabels(String observer) {
        Iterable<Member> members = Cluster.get(system(observer)).state().getMembers();
        return StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up())
                .map(ClusterView::labelOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public int memberCount(String observer) {
        Iterable<Member> members = Cluster.get(system(observer)).state().getMembers();
        return (int) StreamSupport.stream(members.spliterator(), false).count();
    }

    /** Waits until every running member sees exactly {@code labels} Up. */
    public void awaitUp(Set<String> labels, Duration timeout) {
        await(
                timeout,
                "members " + labels + " Up",
                () -> byLabel.entrySet().stream()
                        .filter(e -> !e.getValue().whenTerminated().isCompleted())
                        .allMatch(e -> upLabels(e.getKey()).equals(new TreeSet<>(labels))));
    }

    /** Crashes a member: its system stops at once, without leaving the cluster. */
    public void terminate(String label) {
        ActorSystem<NodeGuardian.Command> system = byLabel.remove(label);
        system.terminate();
        awaitTerminated(system, Duration.ofSeconds(20));
    }

    public static void awaitTerminated(ActorSystem<?> system, Duration timeout) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("system " + system.address() + " did not terminate in " + timeout, e);
        }
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Eventually.until(timeout, what, condition);
    }

    @Override
    public void close() {
        for (ActorSystem<NodeGuardian.Command> system : all) {
            system.terminate();
        }
        for (ActorSystem<NodeGuardian.Command> system : all) {
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: the next system still gets its chance to stop
            }
        }
    }
}
