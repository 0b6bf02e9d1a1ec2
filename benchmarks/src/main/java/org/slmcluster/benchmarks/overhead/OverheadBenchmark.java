package org.slmcluster.benchmarks.overhead;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.actors.node.NodeGuardian;
import org.slmcluster.benchmarks.BenchmarkReport;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.runtime.engines.LlamaCppEngine;
import org.slmcluster.runtime.engines.host.EngineProcessSettings;
import org.slmcluster.runtime.engines.host.ProcessIsolatedEngine;
import org.slmcluster.runtime.models.ModelSpec;
import org.slmcluster.runtime.node.EmbeddedCluster;
import org.slmcluster.runtime.node.NodeRuntime;
import org.slmcluster.topology.Labels;
import org.slmcluster.topology.Node;
import org.slmcluster.topology.Topology;

/**
 * What the cluster adds to one generation: the same requests on stories260K (greedy, seed 42, the same
 * prompts) run (a) on a llama.cpp engine called directly, (b) through a model worker actor on the same
 * member, through the coordinator's dispatcher to a worker on the coordinator itself (0 hops), and to
 * workers 1..h hops away in overlay mode; then, in a second embedded cluster in direct mode, to the
 * farthest node; then (d) the same engine in its own engine process against (a), interleaved (engine
 * isolation). Each model name is hosted by exactly one member, so the dispatcher has no choice of
 * distance. Paths take turns request by request so that load on the machine falls on all of them alike.
 */
public final class OverheadBenchmark {

    static final String USAGE = """
            usage: slm bench overhead [--quick] [--out FILE] [--depth H] [--requests N] [--warmup N]
                                     [--max-tokens N] [--stream-tokens N]
            What the cluster adds to one generation on stories260K: engine direct, through a worker, through the
            dispatcher 0..H hops away (overlay), direct mode to the farthest node, and the engine in its own
            process against the in-process engine. Needs SLM_MODEL_PATH.
              --depth H          overlay depth, arity 2 (quick 2, full 3)
              --requests N       timed requests per path (quick 10, full 100)
              --warmup N         untimed requests per path first (quick 2, full 5)
              --max-tokens N     tokens per generation (quick 24, full 32)
              --stream-tokens N  tokens of the streaming rows (128)
            """ + BenchmarkUsage.COMMON;

    public static final String NAME = "overhead";

    private OverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkReport.Options options = BenchmarkUsage.parseOrExit(USAGE, args);
        run(options).finish();
        BenchmarkReport.exit(0);
    }

    static BenchmarkReport run(BenchmarkReport.Options options) throws Exception {
        BenchmarkReport report = new BenchmarkReport(NAME, options);
        int depth = options.intValue("depth", 2, 3);
        int requests = options.intValue("requests", 10, 100);
        int warmup = options.intValue("warmup", 2, 5);
        int maxTokens = options.intValue("max-tokens", 24, 32);
        Path model = TaskPaths.model(BenchmarkReport.modelsDir());
        Topology topology = Topology.of(2, depth);
        Map<Integer, String> hosts = hostsByDistance(topology);
        report.setting(
                "model",
                model.getFileName() + " (greedy, seed 42, max tokens " + maxTokens + ", " + TaskPaths.PROMPTS.size()
                        + " prompts in turn)");
        report.setting(
                "topology",
                "arity 2, depth " + depth + " (" + topology.size() + " members, each its own "
                        + "ActorSystem in this JVM, Artery TCP on 127.0.0.1)");
        report.setting("hosts", "stories-h<k> hosted only on the node " + hosts + " (k = overlay hops from root)");
        report.setting("requests per path", requests + " timed, after " + warmup + " warm-up");

        ModelSpec spec =
                ModelSpec.llamaCpp("stories260k", model.toString(), null).withContextSize(512);
        int streamTokens = options.intValue("stream-tokens", 128, 128);
        report.setting(
                "streaming",
                "time to first token with " + streamTokens + " max tokens, same prompts, "
                        + "overlay cluster; the first token crosses the same hops back as the result");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> streamingRows = new ArrayList<>();
        try (LlamaCppEngine engine = new LlamaCppEngine(spec)) {
            engine.load();
            // phase 1: overlay routing
            Map<String, TaskPaths.Path0> overlayPaths = new LinkedHashMap<>();
            overlayPaths.put("a engine (direct call)", TaskPaths.engine(engine));
            try (EmbeddedCluster cluster = startCluster(depth, hosts, "overlay", model, hosts.keySet())) {
                NodeRuntime root = cluster.coordinator();
                NodeGuardian.NodeRefs refs =
                        root.refs(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                overlayPaths.put(
                        "b worker on same member",
                        TaskPaths.worker(root.system(), refs.workers().get("stories-h0")));
                for (int hops : hosts.keySet()) {
                    overlayPaths.put(
                            "c overlay " + hops + " hop" + (hops == 1 ? "" : "s")
                                    + (hops == 0 ? " (dispatcher, local)" : ""),
                            TaskPaths.dispatcher(root.system(), refs.dispatcher(), "stories-h" + hops, hops));
                }
                rows.addAll(measure(overlayPaths, requests, warmup, maxTokens, "overlay cluster"));
                Map<String, TaskPaths.Path0> streamingPaths = new LinkedHashMap<>();
                streamingPaths.put("a engine stream (direct call)", TaskPaths.engineStreaming(engine));
                for (int hops : hosts.keySet()) {
                    streamingPaths.put(
                            "c overlay " + hops + " hop" + (hops == 1 ? "" : "s") + ", streamed",
                            TaskPaths.dispatcherStreaming(root.system(), refs.dispatcher(), "stories-h" + hops, hops));
                }
                streamingRows.addAll(measureFirstToken(streamingPaths, requests, warmup, streamTokens));
            }
            // phase 2: direct routing to the farthest node, with its own engine baseline
            int farthest =
                    hosts.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            Map<String, TaskPaths.Path0> directPaths = new LinkedHashMap<>();
            directPaths.put("a engine (direct call)", TaskPaths.engine(engine));
            try (EmbeddedCluster cluster = startCluster(depth, hosts, "direct", model, Set.of(farthest))) {
                NodeRuntime root = cluster.coordinator();
                NodeGuardian.NodeRefs refs =
                        root.refs(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                directPaths.put(
                        "c direct to the " + farthest + "-hop node",
                        TaskPaths.dispatcher(root.system(), refs.dispatcher(), "stories-h" + farthest, 1));
                rows.addAll(measure(directPaths, requests, warmup, maxTokens, "direct cluster"));
            }
            // phase 3: the same model in its own engine process (engine isolation), against the in-process
            // engine, requests interleaved: what the socket and the frames add
            try (ProcessIsolatedEngine isolated = new ProcessIsolatedEngine(spec, EngineProcessSettings.DEFAULTS)) {
                isolated.load();
                Map<String, TaskPaths.Path0> processPaths = new LinkedHashMap<>();
                processPaths.put("a engine (direct call)", TaskPaths.engine(engine));
                processPaths.put("d engine process (direct call)", TaskPaths.engine(isolated));
                rows.addAll(measure(processPaths, requests, warmup, maxTokens, "engine process"));
                Map<String, TaskPaths.Path0> processStreaming = new LinkedHashMap<>();
                processStreaming.put("a engine stream (direct call)", TaskPaths.engineStreaming(engine));
                processStreaming.put("d engine process stream (direct call)", TaskPaths.engineStreaming(isolated));
                streamingRows.addAll(measureFirstToken(processStreaming, requests, warmup, streamTokens));
            }
        }
        for (Map<String, Object> row : rows) {
            report.row("latency per request", row);
        }
        for (Map<String, Object> row : streamingRows) {
            report.row("time to first token (streaming)", row);
        }
        report.note(
                "overhead = path p50 / mean minus the engine's (a) measured in the same phase, requests interleaved");
        report.note("every path returned the same text as the engine for the same prompt (checked; greedy decoding)");
        return report;
    }

    /** What a timed (not warm-up) run of one path hands to the caller. */
    private interface Sample {
        void record(String path, int index, TaskPaths.Outcome outcome);
    }

    /**
     * Runs {@code warmup} then {@code requests} rounds of every path on the same prompt, paths in turn, and
     * checks that every path returned the first path's text (greedy decoding: a difference is a bug).
     */
    private static void interleaved(
            Map<String, TaskPaths.Path0> paths, int requests, int warmup, int maxTokens, Sample sample)
            throws Exception {
        for (int i = -warmup; i < requests; i++) {
            GenerationRequest request = TaskPaths.request(Math.floorMod(i, TaskPaths.PROMPTS.size()), maxTokens);
            String reference = null;
            for (Map.Entry<String, TaskPaths.Path0> path : paths.entrySet()) {
                TaskPaths.Outcome outcome = path.getValue().run(request);
                if (reference == null) {
                    reference = outcome.text();
                } else if (!reference.equals(outcome.text())) {
                    throw new IllegalStateException(path.getKey() + " generated '" + outcome.text()
                            + "' where the engine generated '" + reference + "'");
                }
                if (i >= 0) {
                    sample.record(path.getKey(), i, outcome);
                }
            }
        }
    }

    /** Time to first token and to the end of streamed generations, paths interleaved, same text checked. */
    private static List<Map<String, Object>> measureFirstToken(
            Map<String, TaskPaths.Path0> paths, int requests, int warmup, int maxTokens) throws Exception {
        Map<String, long[]> first = new LinkedHashMap<>();
        Map<String, long[]> whole = new LinkedHashMap<>();
        Map<String, Integer> hops = new LinkedHashMap<>();
        paths.keySet().forEach(name -> {
            first.put(name, new long[requests]);
            whole.put(name, new long[requests]);
        });
        interleaved(paths, requests, warmup, maxTokens, (name, i, outcome) -> {
            if (outcome.firstTokenNanos() <= 0) {
                throw new IllegalStateException(name + " streamed no token");
            }
            first.get(name)[i] = outcome.firstTokenNanos();
            whole.get(name)[i] = outcome.nanos();
            hops.put(name, outcome.hops());
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        BenchmarkReport.Latency base = null;
        for (String name : paths.keySet()) {
            BenchmarkReport.Latency ttft = BenchmarkReport.Latency.of(first.get(name));
            BenchmarkReport.Latency total = BenchmarkReport.Latency.of(whole.get(name));
            if (base == null) {
                base = ttft;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", name);
            row.put("hops", hops.get(name));
            row.put("first token p50 ms", ttft.p50Ms());
            row.put("first token p95 ms", ttft.p95Ms());
            row.put("first token mean ms", ttft.meanMs());
            row.put("whole answer p50 ms", total.p50Ms());
            row.put("first token overhead p50 ms", ttft.p50Ms() - base.p50Ms());
            rows.add(row);
        }
        return rows;
    }

    /** For each hop distance 0..depth, the smallest label at that distance from root in overlay routing. */
    static Map<Integer, String> hostsByDistance(Topology topology) {
        Map<Integer, String> hosts = new java.util.TreeMap<>();
        hosts.put(0, Labels.ROOT);
        for (Node node : topology.nodes()) {
            int hops = topology.route(Labels.ROOT, node.label()).hops();
            hosts.merge(hops, node.label(), (a, b) -> Labels.ORDER.compare(a, b) <= 0 ? a : b);
        }
        return hosts;
    }

    private static EmbeddedCluster startCluster(
            int depth, Map<Integer, String> hosts, String mode, Path model, Set<Integer> distances) {
        StringBuilder models = new StringBuilder();
        Map<String, List<String>> placement = new LinkedHashMap<>();
        for (int hops : distances) {
            String name = "stories-h" + hops;
            models.append("slm.models.")
                    .append(name)
                    .append(" { engine = llama-cpp, file = \"")
                    .append(model.toString().replace("\\", "\\\\"))
                    .append("\", context-size = 512 }\n");
            placement.computeIfAbsent(hosts.get(hops), l -> new ArrayList<>()).add(name);
        }
        EmbeddedCluster.Options options = EmbeddedCluster.Options.defaults();
        Path clusterConf = BenchmarkReport.repoRoot().resolve("cluster.conf");
        if (Files.isRegularFile(clusterConf)) {
            options = options.withClusterConf(clusterConf);
        }
        options = options.withSettings(models + """
                slm.routing.mode = %s
                pekko.cluster.seed-node-timeout = 3s
                pekko.cluster.retry-unsuccessful-join-after = 2s
                # members stopping all at once abort each other's connections: expected, not worth a warning
                pekko.loglevel = ERROR
                """.formatted(mode));
        long started = System.nanoTime();
        EmbeddedCluster cluster = EmbeddedCluster.start(2, depth, placement, options);
        try {
            cluster.awaitUp(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        System.err.printf(
                "%s cluster of %d members up in %d ms%n",
                mode, cluster.members().size(), (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    private static List<Map<String, Object>> measure(
            Map<String, TaskPaths.Path0> paths, int requests, int warmup, int maxTokens, String phase)
            throws Exception {
        Map<String, long[]> samples = new LinkedHashMap<>();
        Map<String, Integer> hops = new LinkedHashMap<>();
        paths.keySet().forEach(name -> samples.put(name, new long[requests]));
        interleaved(paths, requests, warmup, maxTokens, (name, i, outcome) -> {
            samples.get(name)[i] = outcome.nanos();
            hops.put(name, outcome.hops());
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        BenchmarkReport.Latency base = null;
        for (Map.Entry<String, long[]> entry : samples.entrySet()) {
            BenchmarkReport.Latency latency = BenchmarkReport.Latency.of(entry.getValue());
            if (base == null) {
                base = latency;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", phase);
            row.put("path", entry.getKey());
            row.put("hops", hops.get(entry.getKey()));
            row.putAll(latency.cells());
            row.put("overhead p50 ms", latency.p50Ms() - base.p50Ms());
            row.put("overhead mean ms", latency.meanMs() - base.meanMs());
            row.put("mean vs engine", latency.meanMs() / base.meanMs());
            rows.add(row);
        }
        return rows;
    }
}
