package org.slmcluster.benchmarks.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.RoutingMode;
import org.slmcluster.actors.routing.WorkRequest;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * SIMULATED scale-out: overlays of 127, 1023 and 4095 nodes (arity 2, depth 6, 9, 11; or {@code --arity}) in one JVM, overlay
 * routing vs direct, and overlay routing with some nodes down.
 *
 * <p>What is real: the production router and worker actors, one of each per node
 * ({@link SimulatedOverlay}), routing every request to its worker and every result back hop by hop; the
 * traffic figures are counted from the traces the routers wrote. What is simulated: the cluster (one plain
 * ActorSystem; routers are told their peers instead of learning them from cluster membership, and local
 * messages cross no network) and the engines ({@link LatencyModelEngine}). Latency is therefore a stated
 * model applied to the real traces: {@code hop-ms} per link crossed + {@code service-ms} per generation,
 * no queueing. The real in-JVM throughput of the actors is reported beside it.
 *
 * <p>Workloads: {@code coordinator} (every task from root to a uniformly drawn live node, the result back:
 * how the dispatcher uses the overlay) and {@code any-to-any} (uniform random live source and destination).
 */
public final class SimulationBenchmark {

    static final String USAGE = """
            usage: slm bench simulation [--quick] [--out FILE] [--arity D] [--depths H,H,...] [--tasks N]
                                       [--in-flight N] [--down-percent P] [--hop-ms MS] [--service-ms MS] [--seed S]
            SIMULATED scale-out: every node's real router and worker actors in one JVM (engines replaced by a
            latency model); coordinator and any-to-any traffic, overlay vs direct, some nodes down.
              --arity D          digits per label position (2)
              --depths H,...     overlay depths, one set of rows each (arity 2: 6,9,11; else 4)
              --tasks N          tasks per row (quick 300, full 20000)
              --in-flight N      tasks in flight (64; keep it at most 16 x nodes / 2 for small overlays)
              --down-percent P   nodes other than root without a router in the 'some down' rows (5)
              --hop-ms MS        modelled latency per link crossed (1.0)
              --service-ms MS    modelled latency per generation (500)
              --seed S           draws of destinations and down nodes (42)
            """ + BenchmarkUsage.COMMON;

    public static final String NAME = "simulation";
    static final String TABLE = "simulated traffic (real router actors)";

    private static final int CHECKED_ROUTES = 200;
    private static final Duration TASK_WAIT = Duration.ofMinutes(5);

    private SimulationBenchmark() {}

    public static void main(String[] args) {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    /** What one row runs. */
    record Scenario(
            Topology topology,
            RoutingMode mode,
            Set<String> down,
            String workload,
            int tasks,
            long seed,
            int inFlight,
            double hopMillis,
            double serviceMillis) {}

    static BenchmarkReport run(BenchmarkReport.Options options) {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        int tasks = options.intValue("tasks", 300, 20000);
        int inFlight = options.intValue("in-flight", 64, 64);
        double downPercent = Double.parseDouble(options.value("down-percent", "5"));
        double hopMs = Double.parseDouble(options.value("hop-ms", "1.0"));
        double serviceMs = Double.parseDouble(options.value("service-ms", "500"));
        long seed = Long.parseLong(options.value("seed", "42"));
        int arity = Integer.parseInt(options.value("arity", "2"));
        report.setting(
                "SIMULATED",
                "the production DeBruijnRouter and ModelWorker actors, one of each per node, "
                        + "in one plain ActorSystem (routers told their peers, no cluster, no network); engines replaced "
                        + "by a latency model; latency below is that model applied to the real traces, not a measurement");
        report.setting(
                "latency model",
                hopMs + " ms per message per link crossed + " + serviceMs + " ms per generation, no queueing");
        report.setting(
                "tasks per row",
                tasks + " (request + result = 2 routed messages each), seed " + seed + ", " + inFlight + " in flight");
        report.setting(
                "nodes down",
                downPercent + "% of the nodes other than root, drawn with the seed, in the "
                        + "'overlay, some down' rows" + (options.quick() ? " (--quick: not on 4095 nodes)" : ""));
        report.setting("arity", arity);
        List<String> depths =
                List.of(options.value("depths", arity == 2 ? "6,9,11" : "4").split(","));
        for (String depthText : depths) {
            Topology topology = Topology.of(arity, Integer.parseInt(depthText.trim()));
            Set<String> down = drawDown(topology, downPercent, seed);
            runOverlay(report, topology, RoutingMode.OVERLAY, Set.of(), tasks, seed, inFlight, hopMs, serviceMs);
            runOverlay(report, topology, RoutingMode.DIRECT, Set.of(), tasks, seed, inFlight, hopMs, serviceMs);
            // its warm-up (thousands of routing tables around the down nodes) alone would take the smoke run
            // past a minute on 2 busy cores
            boolean smokeSkipsDown = options.quick() && topology.size() > 1023;
            if (!down.isEmpty() && !smokeSkipsDown) {
                runOverlay(report, topology, RoutingMode.OVERLAY, down, tasks, seed, inFlight, hopMs, serviceMs);
            }
        }
        report.note("SIMULATED: real router and worker actors, simulated cluster and engines; see the class comment");
        report.note(
                "traces checked: the first " + CHECKED_ROUTES + " tasks of each row; request and result traces equal "
                        + "Topology.route (overlay, avoiding the down nodes) or [source, destination] (direct)");
        report.note("overlay 'links' are the topology's links (share = busiest link's messages / all link crossings); "
                + "direct 'links' are the member-to-member connections the messages used");
        report.note("busiest link msgs/task: 2.0 means every task's request and result cross that one link");
        report.note("busiest relay = most messages one node forwarded for others, per task");
        report.note("actor tasks/s: real throughput of the routers and workers of all nodes sharing this JVM's cores, "
                + "measured after the warm-up (a probe from every router to root, so every router has its routing "
                + "table); start ms = spawning the actors, warm-up ms = that probe round");
        return report;
    }

    private static void runOverlay(
            BenchmarkReport report,
            Topology topology,
            RoutingMode mode,
            Set<String> down,
            int tasks,
            long seed,
            int inFlight,
            double hopMs,
            double serviceMs) {
        long begun = System.nanoTime();
        try (SimulatedOverlay overlay = SimulatedOverlay.start(topology, mode, down, serviceMs, 0)) {
            long startedMs = (System.nanoTime() - begun) / 1_000_000;
            long warmUpMs = overlay.warmUp();
            for (String workload : List.of("coordinator", "any-to-any")) {
                long rowBegun = System.nanoTime();
                Scenario scenario =
                        new Scenario(topology, mode, down, workload, tasks, seed, inFlight, hopMs, serviceMs);
                Map<String, Object> row = simulate(overlay, scenario);
                row.put("start ms", startedMs);
                row.put("warm-up ms", warmUpMs);
                System.err.printf(
                        "simulated %d nodes, %s, %s%s in %d ms (+%d ms start, %d ms warm-up)%n",
                        topology.size(),
                        workload,
                        mode.name().toLowerCase(Locale.ROOT),
                        down.isEmpty() ? "" : ", " + down.size() + " down",
                        (System.nanoTime() - rowBegun) / 1_000_000,
                        startedMs,
                        warmUpMs);
                report.row(TABLE, row);
            }
        }
    }

    /** Runs one scenario's tasks through the overlay's routers and returns its row. */
    static Map<String, Object> simulate(SimulatedOverlay overlay, Scenario scenario) {
        Topology topology = scenario.topology();
        // nodes that the down ones cut off from root take no part: no route could reach them
        int[] fromRoot = topology.distancesFrom(Labels.ROOT, scenario.down());
        List<Node> nodes = topology.nodes();
        List<String> live = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (fromRoot[i] >= 0) {
                live.add(nodes.get(i).label());
            }
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(scenario.inFlight());
        int checks = Math.min(CHECKED_ROUTES, scenario.tasks());
        ActorRef<Object> recorder = overlay.system()
                .systemActorOf(
                        TrafficRecorder.create(
                                sentAt,
                                slots,
                                topology,
                                scenario.mode(),
                                scenario.down(),
                                scenario.hopMillis(),
                                checks),
                        "traffic-" + scenario.workload() + "-" + System.nanoTime(),
                        Props.empty());
        overlay.routers()
                .values()
                .forEach(router -> router.tell(new DeBruijnRouter.AttachDispatcher(recorder.narrow())));

        SplittableRandom random = new SplittableRandom(scenario.seed());
        GenerationRequest request = GenerationRequest.completion("simulated task", GenerationParameters.DEFAULTS);
        long begun = System.nanoTime();
        for (int t = 0; t < scenario.tasks(); t++) {
            String source;
            String destination;
            if (scenario.workload().equals("coordinator")) {
                source = Labels.ROOT;
                destination = live.get(1 + random.nextInt(live.size() - 1));
            } else {
                source = live.get(random.nextInt(live.size()));
                do {
                    destination = live.get(random.nextInt(live.size()));
                } while (destination.equals(source));
            }
            acquire(slots, 1, "a free slot among " + scenario.inFlight() + " tasks in flight");
            String taskId = scenario.workload() + "-" + t;
            sentAt.put(taskId, System.nanoTime());
            overlay.routers()
                    .get(source)
                    .tell(new DeBruijnRouter.Send(
                            destination,
                            new WorkRequest(
                                    taskId,
                                    1,
                                    SimulatedOverlay.MODEL,
                                    request,
                                    System.currentTimeMillis() + TASK_WAIT.toMillis()),
                            recorder.narrow()));
        }
        acquire(slots, scenario.inFlight(), "the last tasks to finish");
        double seconds = (System.nanoTime() - begun) / 1e9;
        TrafficRecorder.Traffic traffic = AskPattern.<Object, TrafficRecorder.Traffic>ask(
                        recorder,
                        TrafficRecorder.Snapshot::new,
                        Duration.ofSeconds(30),
                        overlay.system().scheduler())
                .toCompletableFuture()
                .join();
        if (!traffic.failures().isEmpty() || !traffic.traceMismatches().isEmpty()) {
            throw new IllegalStateException(scenario.workload() + " on " + topology.size() + " nodes, "
                    + scenario.mode()
                    + ": " + traffic.failures().size() + " tasks failed " + first(traffic.failures()) + ", "
                    + traffic.traceMismatches().size() + " traces off their route " + first(traffic.traceMismatches()));
        }
        int cutOff = topology.size() - scenario.down().size() - live.size();
        return row(scenario, traffic, seconds, cutOff);
    }

    private static Map<String, Object> row(
            Scenario scenario, TrafficRecorder.Traffic traffic, double seconds, int cutOff) {
        int tasks = scenario.tasks();
        long busiest = traffic.linkMessages().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        long busiestRelay = traffic.relayed().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        int links = scenario.mode() == RoutingMode.OVERLAY
                ? scenario.topology().linkCount()
                : traffic.linkMessages().size();
        List<Integer> hops = new ArrayList<>(traffic.requestHops());
        hops.sort(null);
        BenchmarkReport.Latency roundTrip = BenchmarkReport.Latency.of(traffic.roundTripNanos());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("arity", scenario.topology().arity());
        row.put("nodes", scenario.topology().size());
        row.put("down", scenario.down().size());
        row.put("cut off", cutOff);
        row.put("workload", scenario.workload());
        row.put("mode", scenario.mode().name().toLowerCase(Locale.ROOT));
        row.put("tasks", tasks);
        row.put("failed", traffic.failures().size());
        row.put("traces checked", traffic.traceChecks() * 2);
        row.put(
                "hops/task (request)",
                hops.stream().mapToInt(Integer::intValue).average().orElse(0));
        row.put("p95 hops", hops.isEmpty() ? 0 : hops.get((int) Math.ceil(0.95 * hops.size()) - 1));
        row.put("max hops", hops.isEmpty() ? 0 : hops.get(hops.size() - 1));
        row.put("links", links);
        row.put("links used", traffic.linkMessages().size());
        row.put("msgs/link (mean)", traffic.crossings() / (double) links);
        row.put("msgs on busiest link", busiest);
        row.put("busiest link share", traffic.crossings() == 0 ? 0.0 : busiest / (double) traffic.crossings());
        row.put("busiest link msgs/task", busiest / (double) tasks);
        row.put("busiest relay msgs/task", busiestRelay / (double) tasks);
        row.put(
                "modelled latency ms (mean)",
                traffic.modelledMillis().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(0));
        row.put("actor tasks/s", tasks / seconds);
        row.put("actor round trip p50 ms", roundTrip.p50Ms());
        row.put("actor round trip p95 ms", roundTrip.p95Ms());
        return row;
    }

    /** {@code percent} of the nodes other than root, drawn with {@code seed}, in label order. */
    static Set<String> drawDown(Topology topology, double percent, long seed) {
        List<String> candidates = topology.nodes().stream()
                .map(Node::label)
                .filter(label -> !label.equals(Labels.ROOT))
                .toList();
        int count = (int) Math.round(candidates.size() * percent / 100.0);
        SplittableRandom random = new SplittableRandom(seed ^ topology.size());
        Set<String> down = new TreeSet<>(Labels.ORDER);
        while (down.size() < count) {
            down.add(candidates.get(random.nextInt(candidates.size())));
        }
        return down;
    }

    private static void acquire(Semaphore slots, int permits, String what) {
        try {
            if (!slots.tryAcquire(permits, TASK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the simulation waited " + TASK_WAIT.toMinutes() + " min for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static String first(List<String> items) {
        return items.isEmpty() ? "" : "(first: " + items.get(0) + ")";
    }
}
