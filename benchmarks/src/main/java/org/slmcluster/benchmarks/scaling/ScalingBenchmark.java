package org.slmcluster.benchmarks.scaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slmcluster.actors.dispatch.TaskDispatcher;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.runtime.engines.OpenAiCompatibleEngine;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.node.NodeRuntime;

/**
 * Dispatch scaling: K tasks submitted at once to the coordinator, served by 1, 2 or 4 model workers
 * (one per member) whose engine is the OpenAI-compatible adapter pointed at a local server that takes a
 * known time T per request while using no CPU. Parallel efficiency = ideal time (K * T / W) / measured
 * wall time, so the result does not depend on this machine's 2 cores.
 */
public final class ScalingBenchmark {

    static final String USAGE = """
            usage: slm bench scaling [--quick] [--out FILE] [--tasks K] [--sleep-ms T]
            Dispatch scaling: K tasks at once served by 1, 2 or 4 workers whose engine calls a local server that
            takes T ms per request without using CPU; reports parallel efficiency.
              --tasks K          tasks per row (quick 16, full 64)
              --sleep-ms T       the server's time per request (quick 100, full 250)
            """ + BenchmarkUsage.COMMON;

    public static final String NAME = "scaling";

    /** Model name to the members hosting it (arity 2, depth 2). */
    static final Map<String, List<String>> WORKERS = new LinkedHashMap<>();

    static {
        WORKERS.put("sleepy-w1", List.of("0"));
        WORKERS.put("sleepy-w2", List.of("0", "1"));
        WORKERS.put("sleepy-w4", List.of("00", "01", "10", "11"));
    }

    private ScalingBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchmarkUsage.parseOrExit(USAGE, args)).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        int tasks = options.intValue("tasks", 16, 64);
        int sleepMillis = options.intValue("sleep-ms", 100, 250);
        report.setting("tasks per run (K)", tasks);
        report.setting("server time per request (T)", sleepMillis + " ms (sleeps; no CPU)");
        report.setting(
                "cluster", "arity 2, depth 2: 7 members in this JVM, worker concurrency 1, queue capacity " + tasks);
        report.setting("placement", WORKERS.toString());
        try (SleepingOpenAiServer server = new SleepingOpenAiServer(sleepMillis)) {
            baseline(report, server, tasks);
            try (EmbeddedCluster cluster = startCluster(server, tasks)) {
                NodeRuntime root = cluster.coordinator();
                ActorRef<TaskDispatcher.Command> dispatcher = root.refs(Duration.ofSeconds(10))
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS)
                        .dispatcher();
                double oneWorkerWall = 0;
                for (Map.Entry<String, List<String>> model : WORKERS.entrySet()) {
                    runTasks(root.system(), dispatcher, model.getKey(), 4); // warm-up: connections, JIT
                    server.resetCounters();
                    long start = System.nanoTime();
                    List<Long> latencies = runTasks(root.system(), dispatcher, model.getKey(), tasks);
                    long wall = System.nanoTime() - start;
                    int workers = model.getValue().size();
                    double ideal = (double) tasks * sleepMillis / workers;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("path", "cluster, " + workers + " worker" + (workers == 1 ? "" : "s"));
                    row.put("workers (W)", workers);
                    row.put("ideal ms", ideal);
                    row.put("measured ms", wall / 1e6);
                    row.put("efficiency", ideal / (wall / 1e6));
                    if (workers == 1) {
                        oneWorkerWall = wall;
                    }
                    row.put("speed-up vs 1 worker", oneWorkerWall / wall);
                    row.put("tasks/s", tasks / (wall / 1e9));
                    row.put("server max in flight", server.maxInFlight());
                    row.put("task p50 ms", BenchmarkReport.Latency.of(latencies).p50Ms());
                    report.row("dispatch scaling", row);
                }
            }
        }
        report.note("efficiency = ideal time (K*T/W) / measured wall time; the first row calls the engine in a loop "
                + "(no cluster) and shows the HTTP adapter's own cost");
        report.note("the server sleeps T per request: parallelism comes from waiting, as with model servers on "
                + "separate devices, not from this machine's cores");
        return report;
    }

    private static void baseline(BenchmarkReport report, SleepingOpenAiServer server, int tasks) throws Exception {
        try (OpenAiCompatibleEngine engine = new OpenAiCompatibleEngine(
                ModelSpec.openAi("sleepy", server.baseUrl(), null, "sleepy").withMaxRetries(0))) {
            engine.load();
            for (int i = 0; i < 4; i++) {
                engine.generate(request(i));
            }
            server.resetCounters();
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                engine.generate(request(i));
            }
            long wall = System.nanoTime() - start;
            double ideal = (double) tasks * server.sleepMillis();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", "engine loop, no cluster");
            row.put("workers (W)", 1);
            row.put("ideal ms", ideal);
            row.put("measured ms", wall / 1e6);
            row.put("efficiency", ideal / (wall / 1e6));
            row.put("tasks/s", tasks / (wall / 1e9));
            row.put("server max in flight", server.maxInFlight());
            report.row("dispatch scaling", row);
        }
    }

    private static GenerationRequest request(int i) {
        return GenerationRequest.completion(
                "Story " + i + ": Once upon a time", new GenerationParameters(32, 0.0, 1.0, 42L, List.of()));
    }

    private static List<Long> runTasks(
            ActorSystem<?> system, ActorRef<TaskDispatcher.Command> dispatcher, String model, int count)
            throws Exception {
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        Duration timeout = Duration.ofMinutes(5);
        for (int i = 0; i < count; i++) {
            GenerationRequest request = request(i);
            long submitted = System.nanoTime();
            answers.add(AskPattern.<TaskDispatcher.Command, TaskResult>ask(
                            dispatcher,
                            replyTo -> TaskDispatcher.Submit.within(
                                    UUID.randomUUID().toString(), model, request, timeout, replyTo),
                            timeout.plusSeconds(5),
                            system.scheduler())
                    .toCompletableFuture()
                    .thenApply(result -> {
                        if (!(result instanceof TaskResult.Completed)) {
                            throw new IllegalStateException("task on " + model + " failed: " + result);
                        }
                        return System.nanoTime() - submitted;
                    }));
        }
        List<Long> latencies = new ArrayList<>();
        for (CompletableFuture<Long> answer : answers) {
            latencies.add(answer.get(6, TimeUnit.MINUTES));
        }
        return latencies;
    }

    private static EmbeddedCluster startCluster(SleepingOpenAiServer server, int tasks) {
        StringBuilder settings = new StringBuilder();
        Map<String, List<String>> placement = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> model : WORKERS.entrySet()) {
            settings.append("slm.models.")
                    .append(model.getKey())
                    .append(" { engine = openai, base-url = \"")
                    .append(server.baseUrl())
                    .append("\", remote-model = sleepy, max-retries = 0, request-timeout = 120s }\n");
            for (String label : model.getValue()) {
                placement.computeIfAbsent(label, l -> new ArrayList<>()).add(model.getKey());
            }
        }
        settings.append("""
                slm.worker.queue-capacity = %d
                slm.worker.concurrency = 1
                pekko.cluster.seed-node-timeout = 3s
                pekko.cluster.retry-unsuccessful-join-after = 2s
                pekko.loglevel = ERROR
                """.formatted(Math.max(16, tasks)));
        EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults();
        Path clusterConf = org.slmcluster.benchmarks.BenchmarkReport.repoRoot().resolve("cluster.conf");
        if (Files.isRegularFile(clusterConf)) {
            options = options.withClusterConf(clusterConf);
        }
        EmbeddedCluster cluster = EmbeddedCluster.start(2, 2, placement, options.withSettings(settings.toString()));
        try {
            cluster.awaitUp(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }
}
