package org.slmcluster.benchmarks.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Route;
import org.slmcluster.topology.Topology;

/**
 * SIMULATED scale-out: traffic of many tasks on overlays of 127, 1023 and 4095 nodes (arity 2, depth 6,
 * 9, 11), overlay routing vs direct, in one JVM without ActorSystems.
 *
 * <p>What is real: the routing decisions. Every request and every result takes the path that
 * {@code DeBruijnRouter} takes in overlay mode, from the same {@link Topology#route} call (shortest path,
 * smallest next hop first; each router on the way computes the same next hop, because that choice
 * depends only on the current node and the destination's BFS distances), and in direct mode one message
 * straight to the destination, as the router does. What is not real: the router actors themselves (they
 * find each other by cluster member address, one ActorSystem per node, which does not fit 4095 nodes in
 * one JVM) and time. Latency follows a stated model: every message crossing a link costs
 * {@code hop-ms}, every generation {@code service-ms}, no queueing.
 *
 * <p>Workloads: {@code coordinator} (every task from root to a uniformly drawn node, the result back:
 * how the dispatcher uses the overlay) and {@code any-to-any} (uniform random source and destination).
 */
public final class SimulationBenchmark {

    public static final String NAME = "simulation";

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        run(BenchmarkReport.Options.parse(args)).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        int tasks = options.intValue("tasks", 2000, 20000);
        double hopMs = Double.parseDouble(options.value("hop-ms", "1.0"));
        double serviceMs = Double.parseDouble(options.value("service-ms", "500"));
        long seed = Long.parseLong(options.value("seed", "42"));
        report.setting("SIMULATED", "routing decisions from the production topology code (Topology.route, as "
                + "DeBruijnRouter uses it); no actors, no network; latency is a model, not a measurement");
        report.setting("latency model", hopMs + " ms per message per link crossed + " + serviceMs
                + " ms per generation, no queueing");
        report.setting("tasks per row", tasks + " (request + result = 2 routed messages each), seed " + seed);
        int checked = 0;
        for (int depth : new int[] {6, 9, 11}) {
            Topology topology = Topology.of(2, depth);
            checked += checkHopByHop(topology, 100, seed);
            for (String workload : List.of("coordinator", "any-to-any")) {
                for (String mode : List.of("overlay", "direct")) {
                    long begun = System.nanoTime();
                    Map<String, Object> row = simulate(topology, workload, mode, tasks, seed, hopMs, serviceMs);
                    System.err.printf("simulated %d nodes, %s, %s in %d ms%n", topology.size(), workload, mode,
                            (System.nanoTime() - begun) / 1_000_000);
                    report.row("simulated traffic (arity 2)", row);
                }
            }
        }
        report.setting("hop-by-hop check", checked + " sampled routes: at every node on the path, that node's own "
                + "route to the destination continues the same path (what each router computes)");
        report.note("SIMULATED: no router actors ran; see the class comment for what is real and what is modelled");
        report.note("overlay 'links' are the topology's links (share = busiest link's messages / all link crossings); "
                + "direct 'links' are the member-to-member connections the messages used");
        report.note("busiest link msgs/task: 2.0 means every task's request and result cross that one link");
        report.note("busiest relay = most messages one node forwarded for others, per task");
        return report;
    }

    static Map<String, Object> simulate(Topology topology, String workload, String mode, int tasks, long seed,
                                        double hopMs, double serviceMs) {
        List<String> labels = topology.nodes().stream().map(Node::label).toList();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Route> routes = new HashMap<>();
        Map<String, long[]> linkMessages = new HashMap<>();
        Map<String, long[]> relayed = new HashMap<>();
        long crossings = 0;
        long requestHops = 0;
        int maxHops = 0;
        for (int t = 0; t < tasks; t++) {
            String source;
            String destination;
            if (workload.equals("coordinator")) {
                source = Labels.ROOT;
                destination = labels.get(1 + random.nextInt(labels.size() - 1));
            } else {
                source = labels.get(random.nextInt(labels.size()));
                do {
                    destination = labels.get(random.nextInt(labels.size()));
                } while (destination.equals(source));
            }
            for (int leg = 0; leg < 2; leg++) {
                String from = leg == 0 ? source : destination;
                String to = leg == 0 ? destination : source;
                List<String> path = mode.equals("direct") ? List.of(from, to)
                        : routes.computeIfAbsent(from + '>' + to, k -> topology.route(from, to)).path();
                for (int i = 1; i < path.size(); i++) {
                    linkMessages.computeIfAbsent(link(path.get(i - 1), path.get(i)), k -> new long[1])[0]++;
                    if (i < path.size() - 1) {
                        relayed.computeIfAbsent(path.get(i), k -> new long[1])[0]++;
                    }
                }
                int hops = path.size() - 1;
                crossings += hops;
                if (leg == 0) {
                    requestHops += hops;
                    maxHops = Math.max(maxHops, hops);
                }
            }
        }
        long busiest = linkMessages.values().stream().mapToLong(c -> c[0]).max().orElse(0);
        long busiestRelay = relayed.values().stream().mapToLong(c -> c[0]).max().orElse(0);
        int links = mode.equals("overlay") ? topology.linkCount() : linkMessages.size();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("nodes", topology.size());
        row.put("workload", workload);
        row.put("mode", mode);
        row.put("hops/task (request)", requestHops / (double) tasks);
        row.put("max hops", maxHops);
        row.put("links", links);
        row.put("links used", linkMessages.size());
        row.put("msgs/link (mean)", crossings / (double) links);
        row.put("msgs on busiest link", busiest);
        row.put("busiest link share", busiest / (double) crossings);
        row.put("busiest link msgs/task", busiest / (double) tasks);
        row.put("busiest relay msgs/task", busiestRelay / (double) tasks);
        row.put("sim latency ms (mean)", serviceMs + hopMs * crossings / (double) tasks);
        return row;
    }

    /**
     * Checks on {@code samples} random pairs that the router at every node of a source's route would pick
     * the same continuation (so one route per task equals the routers' hop-by-hop decisions).
     */
    static int checkHopByHop(Topology topology, int samples, long seed) {
        List<String> labels = topology.nodes().stream().map(Node::label).toList();
        SplittableRandom random = new SplittableRandom(seed + topology.size());
        for (int s = 0; s < samples; s++) {
            String from = s % 2 == 0 ? Labels.ROOT : labels.get(random.nextInt(labels.size()));
            String to = labels.get(random.nextInt(labels.size()));
            List<String> path = topology.route(from, to).path();
            for (int i = 1; i < path.size(); i++) {
                List<String> own = topology.route(path.get(i), to).path();
                if (!own.equals(path.subList(i, path.size()))) {
                    throw new IllegalStateException("router at " + path.get(i) + " would route " + own
                            + " but the source's route continues " + path.subList(i, path.size()));
                }
            }
        }
        return samples;
    }

    private static String link(String a, String b) {
        return Labels.ORDER.compare(a, b) <= 0 ? a + '|' + b : b + '|' + a;
    }
}
