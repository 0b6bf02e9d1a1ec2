package org.slmcluster.runtime.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.PromptBuilder;
import org.slmcluster.runtime.suite.RagCollection;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.Suite;
import org.slmcluster.runtime.suite.SuiteLocator;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * Retrieval quality on the built-in RAG set with the real MiniLM encoder: gold chunk ids of the suite's
 * questions against what BM25, vectors and the hybrid retrieve. Floors are set well below what was
 * measured (see benchmarks' RetrievalBenchmark for the numbers), so they catch a broken retriever, not noise.
 */
class BuiltinRetrievalTest {

    @TempDir
    static Path store;

    static EmbeddingModel encoder;
    static Suite suite;
    static TaskDefinition task;
    static CollectionStore collections;
    static AutoCloseable closeEncoder;

    @BeforeAll
    static void setUp() throws Exception {
        suite = SuiteLocator.load("builtin");
        task = suite.tasks().stream()
                .filter(t -> t.kind() == TaskKind.RAG)
                .findFirst()
                .orElseThrow();
        // Each question is embedded once, not once per mode and index: keeps this class to seconds.
        OnnxEncoder onnx = OnnxEncoder.loadDefault();
        Map<String, float[]> memo = new ConcurrentHashMap<>();
        SentenceEncoder memoizing = texts -> texts.stream()
                .map(text -> memo.computeIfAbsent(text, onnx::embed))
                .toList();
        closeEncoder = onnx;
        encoder = new EmbeddingModel(OnnxEncoder.DEFAULT_NAME, () -> memoizing);
        collections = new CollectionStore(store, encoder);
    }

    @AfterAll
    static void tearDown() throws Exception {
        collections.close();
        encoder.close();
        closeEncoder.close();
    }

    private static List<RagItem> items() {
        List<RagItem> items = new ArrayList<>();
        task.items().forEach(item -> items.add((RagItem) item));
        return items;
    }

    private static Map<RetrievalMode, double[]> recallAt1And5(CollectionIndex index) {
        Map<RetrievalMode, double[]> recall = new EnumMap<>(RetrievalMode.class);
        for (RetrievalMode mode : RetrievalMode.values()) {
            double at1 = 0;
            double at5 = 0;
            for (RagItem item : items()) {
                List<SearchHit> hits = index.search(item.question(), 5, mode);
                at1 += RetrievalMetrics.recallAtK(hits, item.goldChunkIds(), 1);
                at5 += RetrievalMetrics.recallAtK(hits, item.goldChunkIds(), 5);
            }
            recall.put(mode, new double[] {at1 / items().size(), at5 / items().size()});
        }
        return recall;
    }

    @Test
    void paragraphChunksAreTheSuiteChunks() {
        RagCollection suiteCollection = task.ragCollection().orElseThrow();
        CollectionIndex index = collections.add("builtin-paragraphs", suiteCollection.folder());
        assertThat(index.chunks())
                .extracting(DocumentChunk::id)
                .containsExactlyInAnyOrderElementsOf(suiteCollection.byId().keySet());
        for (DocumentChunk chunk : index.chunks()) {
            assertThat(chunk.text())
                    .isEqualTo(suiteCollection.byId().get(chunk.id()).text());
        }
        assertThat(index.manifest().dimension()).isEqualTo(384);
    }

    @Test
    void theSuiteTaskCollectionFeedsTheRagPrompt() {
        CollectionIndex index = collections.addSuiteTask(suite, task);
        assertThat(index.folder().getFileName().toString()).isEqualTo("suite-builtin-" + task.id());
        RagItem item = items().get(0);
        List<ContextChunk> context = index.search(item.question(), task.topK(), RetrievalMode.HYBRID).stream()
                .map(SearchHit::toContextChunk)
                .toList();

        assertThat(context).hasSize(task.topK());
        assertThat(context).extracting(ContextChunk::id).containsAnyElementsOf(item.goldChunkIds());
        String prompt = PromptBuilder.build(task, item, context).userMessage();
        for (ContextChunk chunk : context) {
            assertThat(prompt).contains("[" + chunk.id() + "] " + chunk.text());
        }
    }

    @Test
    void everyRetrieverFindsTheGoldParagraphs() {
        CollectionIndex index = collections.add(
                "builtin-paragraphs", task.ragCollection().orElseThrow().folder());
        Map<RetrievalMode, double[]> recall = recallAt1And5(index);

        // Measured: recall@5 1.0 for all three, recall@1 0.98 (BM25, hybrid) and 0.87 (vectors).
        assertThat(recall.get(RetrievalMode.BM25)[1]).isGreaterThanOrEqualTo(0.85);
        assertThat(recall.get(RetrievalMode.VECTOR)[1]).isGreaterThanOrEqualTo(0.85);
        assertThat(recall.get(RetrievalMode.HYBRID)[1]).isGreaterThanOrEqualTo(0.9);
        assertThat(recall.get(RetrievalMode.HYBRID)[0]).isGreaterThanOrEqualTo(0.75);
        for (double[] r : recall.values()) {
            assertThat(r[1]).isGreaterThanOrEqualTo(r[0]);
        }
    }

    @Test
    void sentenceWindowsAreScoredAgainstParagraphGoldIds() {
        IndexSettings sentences = IndexSettings.defaults().withChunking(ChunkingOptions.sentences(200, 60));
        CollectionIndex index = collections.add(
                "builtin-sentences", task.ragCollection().orElseThrow().folder(), sentences);
        assertThat(index.chunks())
                .allSatisfy(chunk -> assertThat(chunk.paragraphIds()).isNotEmpty());

        Map<RetrievalMode, double[]> recall = recallAt1And5(index);
        assertThat(recall.get(RetrievalMode.HYBRID)[1]).isGreaterThanOrEqualTo(0.8);
    }
}
