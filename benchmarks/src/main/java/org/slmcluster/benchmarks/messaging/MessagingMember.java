package org.slmcluster.benchmarks.messaging;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.runtime.node.NodeConfig;
import org.slmcluster.runtime.node.NodeRuntime;

/**
 * One member of the messaging benchmark in its own JVM: a regular node (router, no models) plus an echo
 * actor at {@code /system/bench-echo} that answers a probe envelope exactly as a destination router
 * does (a {@link Delivered} to the probe's replyTo), without any routing: the bare-tell baseline.
 * Prints {@code READY} once Up; exits when its standard input closes (the driver ended or died).
 *
 * <p>Usage: {@code MessagingMember LABEL PORT SEED_HOST:PORT}
 */
public final class MessagingMember {

    public static final String ECHO = "bench-echo";
    public static final String READY = "READY";

    private MessagingMember() {}

    public static void main(String[] args) throws Exception {
        NodeRuntime node = NodeRuntime.start(config(args[0], Integer.parseInt(args[1]), args[2]));
        node.system().systemActorOf(echo(args[0]), ECHO, Props.empty());
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!node.isUp()) {
            if (System.nanoTime() > deadline) {
                System.out.println("member " + args[0] + " did not come Up");
                System.exit(1);
            }
            Thread.sleep(50);
        }
        System.out.println(READY + " " + args[0]);
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // wait for the driver to close the pipe
            }
        } catch (IOException e) {
            // the driver is gone
        }
        node.system().terminate();
        System.exit(0);
    }

    /** The bare-tell peer: answers like a destination router, with no routing in between. */
    static Behavior<Envelope> echo(String label) {
        return Behaviors.receive(Envelope.class)
                .onMessage(Envelope.class, envelope -> {
                    if (envelope.payload() instanceof Probe probe) {
                        List<String> trace = new java.util.ArrayList<>(envelope.trace());
                        trace.add(label);
                        probe.replyTo()
                                .tell(new Delivered(new Envelope(
                                        envelope.id(),
                                        envelope.source(),
                                        envelope.destination(),
                                        envelope.ttl(),
                                        trace,
                                        probe,
                                        envelope.returnTo())));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** A member of the arity-2, depth-2 overlay on 127.0.0.1 without models. */
    static NodeConfig config(String label, int port, String seed) {
        Map<String, Object> node = new HashMap<>();
        node.put("slm.node.name", "root".equals(label) ? "coordinator" : "node-" + label);
        node.put("slm.node.label", label);
        node.put(
                "slm.node.roles",
                ConfigValueFactory.fromIterable(List.of("root".equals(label) ? "coordinator" : "router")));
        node.put("slm.node.host", "127.0.0.1");
        node.put("slm.node.port", port);
        node.put("slm.node.models", ConfigValueFactory.fromIterable(List.of()));
        node.put("slm.cluster.seeds", ConfigValueFactory.fromIterable(List.of(seed)));
        node.put("slm.topology.arity", 2);
        node.put("slm.topology.depth", 2);
        node.put("slm.http.port", 0);
        node.put("slm.management.port", 0);
        Config config =
                ConfigFactory.parseMap(node, "messaging member " + label).withFallback(ConfigFactory.parseString("""
                slm.routing.mode = overlay
                pekko.loglevel = ERROR
                pekko.cluster.seed-node-timeout = 3s
                pekko.cluster.retry-unsuccessful-join-after = 2s
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 8s
                pekko.cluster.failure-detector.threshold = 10.0
                """));
        return NodeConfig.fromConfig("messaging member " + label, config);
    }
}
