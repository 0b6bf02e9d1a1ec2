package org.slmcluster.benchmarks.messaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slmcluster.actors.routing.DeBruijnRouter;
import org.slmcluster.actors.routing.Delivered;
import org.slmcluster.actors.routing.Envelope;
import org.slmcluster.actors.routing.Probe;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.runtime.node.FreePorts;
import org.slmcluster.runtime.node.NodeRuntime;

/**
 * Router messaging over Artery between JVMs on 127.0.0.1. The coordinator ({@code root}) runs in this
 * JVM, members {@code 0} and {@code 00} each in their own JVM ({@link MessagingMember}); the other labels
 * of the arity-2, depth-2 overlay stay empty, so routes go root -> 0 -> 00. Probe envelopes are sent
 * (a) with a bare Pekko tell to an echo actor in JVM 0 that answers like a destination router,
 * (b) through the routers to 0 (1 hop) and (c) to 00 (2 hops, the second between the two member JVMs);
 * the answer always comes straight back. Reports round-trip latency (sequential) and envelopes per
 * second (a window of envelopes in flight), and the router paths against the bare tell.
 */
public final class MessagingBenchmark {

    static final String USAGE = """
            usage: slm bench messaging [--quick] [--out FILE] [--round-trips N] [--messages N] [--window N]
                                      [--rounds N]
            Router messaging over Artery between three JVMs on 127.0.0.1: bare tell vs routed 1 and 2 hops.
              --round-trips N    sequential round trips per path (quick 300, full 3000)
              --messages N       envelopes per throughput round (quick 5000, full 50000)
              --window N         envelopes in flight (200)
              --rounds N         throughput rounds per path (quick 1, full 3)
            """ + BenchmarkUsage.COMMON;

    public static final String NAME = "messaging";

    private MessagingBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    /** One way of getting a probe to a destination that answers {@link Delivered} to the collector. */
    private interface Sender {
        void send(ActorRef<Delivered> replyTo);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        int roundTrips = options.intValue("round-trips", 300, 3000);
        int messages = options.intValue("messages", 5000, 50000);
        int window = options.intValue("window", 200, 200);
        int throughputRounds = options.intValue("rounds", 1, 3);
        report.setting("members", "root in this JVM; 0 and 00 in one JVM each (127.0.0.1, Artery TCP, Kryo)");
        report.setting(
                "round trips per path",
                roundTrips + " sequential, after " + roundTrips / 5 + " warm-up, paths interleaved");
        report.setting(
                "throughput",
                messages + " envelopes per path and round, " + window + " in flight, median of " + throughputRounds
                        + " round(s) taking the paths in turn");

        List<Integer> ports = FreePorts.pick(3);
        String seed = "127.0.0.1:" + ports.get(0);
        Path work = Files.createTempDirectory("slm-bench-messaging-");
        List<Process> members = new ArrayList<>();
        NodeRuntime root = null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> members.forEach(Process::destroyForcibly)));
        try {
            root = NodeRuntime.start(MessagingMember.config("root", ports.get(0), seed));
            members.add(startMember("0", ports.get(1), seed, work));
            members.add(startMember("00", ports.get(2), seed, work));
            for (int i = 0; i < members.size(); i++) {
                awaitReady(members.get(i), work.resolve(List.of("0", "00").get(i) + ".log"));
            }
            ActorSystem<?> system = root.system();
            ActorRefResolver resolver = ActorRefResolver.get(system);
            ActorRef<DeBruijnRouter.Command> router = root.refs(Duration.ofSeconds(10))
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS)
                    .router();
            awaitRoutes(
                    system, router, resolver.resolveActorRef("pekko://slm@127.0.0.1:" + ports.get(1) + "/user/router"));
            ActorRef<Envelope> echo = resolver.resolveActorRef(
                    "pekko://slm@127.0.0.1:" + ports.get(1) + "/system/" + MessagingMember.ECHO);
            BlockingQueue<Delivered> arrivals = new LinkedBlockingQueue<>();
            ActorRef<Delivered> collector = system.systemActorOf(
                    Behaviors.receive(Delivered.class)
                            .onMessage(Delivered.class, d -> {
                                arrivals.add(d);
                                return Behaviors.same();
                            })
                            .build(),
                    "bench-collector",
                    Props.empty());

            Map<String, Sender> paths = new LinkedHashMap<>();
            paths.put(
                    "bare tell to echo in JVM 0",
                    replyTo -> echo.tell(new Envelope(
                            UUID.randomUUID().toString(), "root", "0", 16, List.of("root"), new Probe(replyTo), null)));
            paths.put(
                    "router root->0 (1 hop)",
                    replyTo -> router.tell(new DeBruijnRouter.Send("0", new Probe(replyTo), null)));
            paths.put(
                    "router root->0->00 (2 hops)",
                    replyTo -> router.tell(new DeBruijnRouter.Send("00", new Probe(replyTo), null)));
            Map<String, Integer> hops = Map.of(
                    "bare tell to echo in JVM 0", 1, "router root->0 (1 hop)", 1, "router root->0->00 (2 hops)", 2);

            Map<String, long[]> samples = latencies(paths, collector, arrivals, roundTrips, hops);
            // rounds take the paths in turn; the median round counts, so a load spike hits no path alone
            Map<String, List<Double>> rounds = new LinkedHashMap<>();
            for (Map.Entry<String, Sender> path : paths.entrySet()) {
                throughput(path.getValue(), collector, arrivals, Math.max(window, messages / 5), window); // warm-up
            }
            for (int round = 0; round < throughputRounds; round++) {
                for (Map.Entry<String, Sender> path : paths.entrySet()) {
                    rounds.computeIfAbsent(path.getKey(), k -> new ArrayList<>())
                            .add(throughput(path.getValue(), collector, arrivals, messages, window));
                }
            }
            Map<String, Double> rates = new LinkedHashMap<>();
            rounds.forEach((path, values) ->
                    rates.put(path, values.stream().sorted().toList().get(values.size() / 2)));
            String bare = "bare tell to echo in JVM 0";
            BenchmarkReport.Latency bareLatency = BenchmarkReport.Latency.of(samples.get(bare));
            BenchmarkReport.Latency oneHop = BenchmarkReport.Latency.of(samples.get("router root->0 (1 hop)"));
            for (String path : paths.keySet()) {
                BenchmarkReport.Latency latency = BenchmarkReport.Latency.of(samples.get(path));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", path);
                row.put("network msgs", hops.get(path) + 1);
                row.putAll(latency.cells());
                row.put("p50 vs bare", latency.p50Ms() / bareLatency.p50Ms());
                row.put("envelopes/s", rates.get(path));
                row.put("rate vs bare", rates.get(path) / rates.get(bare));
                report.row("round trip and throughput", row);
            }
            BenchmarkReport.Latency twoHops = BenchmarkReport.Latency.of(samples.get("router root->0->00 (2 hops)"));
            Map<String, Object> hop = new LinkedHashMap<>();
            hop.put("figure", "one extra router hop between member JVMs (2-hop minus 1-hop)");
            hop.put("p50 ms", twoHops.p50Ms() - oneHop.p50Ms());
            hop.put("mean ms", twoHops.meanMs() - oneHop.meanMs());
            report.row("hop latency", hop);
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("figure", "router path over bare tell, same messages (1-hop minus bare)");
            cost.put("p50 ms", oneHop.p50Ms() - bareLatency.p50Ms());
            cost.put("mean ms", oneHop.meanMs() - bareLatency.meanMs());
            report.row("hop latency", cost);
            report.note("a round trip is probe out (through the routers) and Delivered straight back; the bare tell "
                    + "sends the same envelope to an echo actor that answers exactly as a destination router does");
        } finally {
            for (Process member : members) {
                member.getOutputStream().close();
            }
            if (root != null) {
                root.stop(Duration.ofSeconds(10));
            }
            for (Process member : members) {
                if (!member.waitFor(10, TimeUnit.SECONDS)) {
                    member.destroyForcibly();
                }
            }
            try (var logs = Files.list(work)) {
                for (Path log : logs.toList()) {
                    Files.deleteIfExists(log);
                }
            }
            Files.deleteIfExists(work);
        }
        return report;
    }

    private static Process startMember(String label, int port, String seed, Path work) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MessagingMember.class.getName(),
                        label,
                        Integer.toString(port),
                        seed)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(label + ".log").toFile())
                .start();
    }

    private static void awaitReady(Process member, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains(MessagingMember.READY)) {
                return;
            }
            if (!member.isAlive()) {
                throw new IllegalStateException("member JVM exited with " + member.exitValue() + ":\n" + output);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("member JVM not Up within 3 minutes:\n" + Files.readString(log));
    }

    /** Waits until root's and 0's routers both see 0 and 00 as members. */
    private static void awaitRoutes(
            ActorSystem<?> system, ActorRef<DeBruijnRouter.Command> root, ActorRef<DeBruijnRouter.Command> zero)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            boolean ready = true;
            for (ActorRef<DeBruijnRouter.Command> router : List.of(root, zero)) {
                try {
                    DeBruijnRouter.View view = AskPattern.<DeBruijnRouter.Command, DeBruijnRouter.View>ask(
                                    router, DeBruijnRouter.GetView::new, Duration.ofSeconds(5), system.scheduler())
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                    ready &= view.memberLabels().containsAll(List.of("root", "0", "00"));
                } catch (Exception e) {
                    ready = false;
                }
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("routers did not see members 0 and 00 within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static Map<String, long[]> latencies(
            Map<String, Sender> paths,
            ActorRef<Delivered> collector,
            BlockingQueue<Delivered> arrivals,
            int count,
            Map<String, Integer> expectedHops)
            throws Exception {
        Map<String, long[]> samples = new LinkedHashMap<>();
        paths.keySet().forEach(p -> samples.put(p, new long[count]));
        for (int i = -count / 5; i < count; i++) {
            for (Map.Entry<String, Sender> path : paths.entrySet()) {
                long start = System.nanoTime();
                path.getValue().send(collector);
                Delivered delivered = arrivals.poll(30, TimeUnit.SECONDS);
                long nanos = System.nanoTime() - start;
                if (delivered == null) {
                    throw new IllegalStateException(path.getKey() + ": no answer within 30 s");
                }
                if (delivered.hops() != expectedHops.get(path.getKey())) {
                    throw new IllegalStateException(path.getKey() + ": probe took " + delivered.hops() + " hops "
                            + delivered.envelope().trace());
                }
                if (i >= 0) {
                    samples.get(path.getKey())[i] = nanos;
                }
            }
        }
        return samples;
    }

    /** Envelopes per second with {@code window} in flight. */
    private static double throughput(
            Sender sender, ActorRef<Delivered> collector, BlockingQueue<Delivered> arrivals, int count, int window)
            throws Exception {
        long start = System.nanoTime();
        int sent = 0;
        for (; sent < Math.min(window, count); sent++) {
            sender.send(collector);
        }
        for (int received = 0; received < count; received++) {
            if (arrivals.poll(60, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("envelopes lost: " + received + " of " + count + " arrived");
            }
            if (sent < count) {
                sender.send(collector);
                sent++;
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
