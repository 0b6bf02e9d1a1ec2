package org.slmcluster.benchmarks.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slmcluster.benchmarks.BenchmarkUsage;
import org.slmcluster.runtime.rag.ChunkingOptions;
import org.slmcluster.runtime.rag.CollectionIndex;
import org.slmcluster.runtime.rag.EmbeddingModel;
import org.slmcluster.runtime.rag.IndexSettings;
import org.slmcluster.runtime.rag.RetrievalMetrics;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.SearchHit;
import org.slmcluster.runtime.rag.TextAnalysis;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * Retrieval quality and cost on a suite's RAG task (default: the built-in set): recall@1/3/5 of the gold
 * chunk ids and MRR@10 for BM25, MiniLM vectors and the RRF hybrid, for paragraph and sentence-window
 * chunking and both analyzers; plus index build time (embedding included), reopen time (no rebuild) and
 * per-query latency (query embedding included). Prints a table and writes JSON.
 *
 * <pre>java -cp benchmarks/target/benchmarks-*.jar:$(cat benchmarks/target/classpath.txt) \
 *     org.slmcluster.benchmarks.rag.RetrievalBenchmark [out.json] [--suite NAME|DIR] [--repeats N]</pre>
 */
public final class RetrievalBenchmark {

    static final String USAGE = """
            usage: slm bench rag-retrieval [--quick] [--out FILE] [--suite NAME] [--repeats N]
            Retrieval quality (recall@1/3/5, MRR@10) and speed of four chunking / analyzer settings on a suite's
            RAG task.
              --quick            one repeat
              --out FILE         JSON result file (default benchmarks/results/rag-retrieval.json)
              --suite NAME       suite with a rag task (builtin)
              --repeats N        timed repeats (5)
              -h, --help         print this usage and exit
            """;

    private static final int[] RECALL_AT = {1, 3, 5};
    private static final int MRR_DEPTH = 10;

    private record Config(String name, IndexSettings settings) {}

    public static void main(String[] args) throws Exception {
        BenchmarkUsage.exitWithUsageIfAsked(USAGE, args);
        Path out = Path.of(System.getProperty("slm.home", "."), "benchmarks", "results", "rag-retrieval.json");
        String suiteName = "builtin";
        int repeats = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--suite" -> suiteName = args[++i];
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--quick" -> repeats = 1;
                case "--out" -> out = Path.of(args[++i]);
                default -> out = Path.of(args[i]);
            }
        }
        Suite suite = SuiteLocator.load(suiteName);
        TaskDefinition task = suite.tasks().stream()
                .filter(t -> t.kind() == TaskKind.RAG)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("suite has no rag task"));
        List<RagItem> items = task.items().stream().map(RagItem.class::cast).toList();
        Path documents = task.ragCollection().orElseThrow().folder();

        List<Config> configs = List.of(
                new Config("paragraphs/english", new IndexSettings(ChunkingOptions.paragraphs(), TextAnalysis.ENGLISH)),
                new Config(
                        "paragraphs/standard", new IndexSettings(ChunkingOptions.paragraphs(), TextAnalysis.STANDARD)),
                new Config(
                        "sentences-300-80/english",
                        new IndexSettings(ChunkingOptions.sentences(300, 80), TextAnalysis.ENGLISH)),
                new Config(
                        "sentences-150-50/english",
                        new IndexSettings(ChunkingOptions.sentences(150, 50), TextAnalysis.ENGLISH)));

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("benchmark", "rag-retrieval");
        json.put("suite", suite.name());
        json.put("task", task.id());
        json.put("suiteContentHash", suite.contentHash());
        json.put("questions", items.size());
        json.put("repeats", repeats);
        json.put("timestamp", Instant.now().toString());
        json.put("java", System.getProperty("java.version"));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = json.putArray("results");

        Path store = Files.createTempDirectory("rag-retrieval-bench");
        long loadStart = System.nanoTime();
        try (EmbeddingModel encoder = EmbeddingModel.miniLm()) {
            encoder.embed("warm up");
            json.put("encoder", encoder.name());
            json.put("encoderLoadMillis", (System.nanoTime() - loadStart) / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "suite %s, task %s: %d questions, documents %s%n%n",
                    suite.name(),
                    task.id(),
                    items.size(),
                    documents);
            System.out.printf(
                    Locale.ROOT,
                    "%-26s %-7s %6s %9s %9s %9s %7s %9s %9s%n",
                    "index",
                    "mode",
                    "chunks",
                    "recall@1",
                    "recall@3",
                    "recall@5",
                    "MRR@10",
                    "p50 ms",
                    "p95 ms");
            // One discarded build and query pass, so the first configuration is not charged for JIT warm-up.
            try (CollectionIndex warm = CollectionIndex.openOrBuild(
                    "warm-up",
                    store.resolve("warm-up"),
                    documents,
                    configs.get(0).settings(),
                    encoder)) {
                for (RetrievalMode mode : RetrievalMode.values()) {
                    items.forEach(item -> warm.search(item.question(), 5, mode));
                }
            }
            for (Config config : configs) {
                Path folder = store.resolve(config.name().replace('/', '_'));
                long buildStart = System.nanoTime();
                CollectionIndex.openOrBuild(config.name(), folder, documents, config.settings(), encoder)
                        .close();
                double buildMillis = (System.nanoTime() - buildStart) / 1e6;
                long reopenStart = System.nanoTime();
                try (CollectionIndex index =
                        CollectionIndex.openOrBuild(config.name(), folder, documents, config.settings(), encoder)) {
                    double reopenMillis = (System.nanoTime() - reopenStart) / 1e6;
                    if (index.built()) {
                        throw new IllegalStateException("the second open rebuilt the index");
                    }
                    for (RetrievalMode mode : RetrievalMode.values()) {
                        ObjectNode row = measure(index, mode, items, repeats);
                        row.put("index", config.name());
                        row.put("chunking", config.settings().chunking().toString());
                        row.put("analysis", config.settings().analysis().name());
                        row.put("chunks", index.manifest().chunks());
                        row.put("buildMillis", buildMillis);
                        row.put("reopenMillis", reopenMillis);
                        rows.add(row);
                        System.out.printf(
                                Locale.ROOT,
                                "%-26s %-7s %6d %9.3f %9.3f %9.3f %7.3f %9.2f %9.2f%n",
                                config.name(),
                                mode,
                                index.manifest().chunks(),
                                row.get("recallAt1").asDouble(),
                                row.get("recallAt3").asDouble(),
                                row.get("recallAt5").asDouble(),
                                row.get("mrrAt10").asDouble(),
                                row.get("latencyP50Millis").asDouble(),
                                row.get("latencyP95Millis").asDouble());
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%-26s build %.0f ms (embedding included), reopen %.1f ms%n",
                            "",
                            buildMillis,
                            reopenMillis);
                }
            }
        } finally {
            deleteRecursively(store);
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println();
        System.out.println("wrote " + out);
    }

    private static ObjectNode measure(CollectionIndex index, RetrievalMode mode, List<RagItem> items, int repeats) {
        double[] recall = new double[RECALL_AT.length];
        double reciprocalRanks = 0;
        for (RagItem item : items) {
            List<SearchHit> hits = index.search(item.question(), MRR_DEPTH, mode);
            for (int i = 0; i < RECALL_AT.length; i++) {
                recall[i] += RetrievalMetrics.recallAtK(hits, item.goldChunkIds(), RECALL_AT[i]);
            }
            reciprocalRanks += RetrievalMetrics.reciprocalRank(hits, item.goldChunkIds());
        }
        // The pass above warmed the JIT and the index; time the top-5 queries a RAG prompt would make.
        List<Double> latencies = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            for (RagItem item : items) {
                long start = System.nanoTime();
                index.search(item.question(), 5, mode);
                latencies.add((System.nanoTime() - start) / 1e6);
            }
        }
        double[] sorted =
                latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        ObjectNode row = new ObjectMapper().createObjectNode();
        row.put("mode", mode.name());
        for (int i = 0; i < RECALL_AT.length; i++) {
            row.put("recallAt" + RECALL_AT[i], recall[i] / items.size());
        }
        row.put("mrrAt10", reciprocalRanks / items.size());
        row.put("queries", sorted.length);
        row.put("latencyMeanMillis", Arrays.stream(sorted).average().orElse(0));
        row.put("latencyP50Millis", percentile(sorted, 0.50));
        row.put("latencyP95Millis", percentile(sorted, 0.95));
        return row;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
