package org.slmcluster.runtime.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slmcluster.runtime.rag.Collections;
import org.slmcluster.runtime.rag.EmbeddingModel;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.SearchHit;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagCollection;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Retrieves a RAG item's context from the document store: the task's collection folder is indexed
 * once in {@link Collections} (paragraph chunks, so retrieved ids are the suite's chunk ids; reused
 * while its documents are unchanged) and searched with the hybrid retriever (BM25 + MiniLM vectors,
 * reciprocal-rank fused) for the task's top-k. Deterministic for a given index.
 */
public final class CollectionRetriever implements ContextRetriever, AutoCloseable {

    private final Collections collections;
    private final RetrievalMode mode;
    private final AutoCloseable owned;
    private final Map<Path, String> indexed = new ConcurrentHashMap<>();

    /** Searches {@code collections} (the caller closes them). */
    public CollectionRetriever(Collections collections) {
        this(collections, RetrievalMode.HYBRID);
    }

    public CollectionRetriever(Collections collections, RetrievalMode mode) {
        this(collections, mode, null);
    }

    private CollectionRetriever(Collections collections, RetrievalMode mode, AutoCloseable owned) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.owned = owned;
    }

    /**
     * Hybrid retrieval over the collections of {@code dataDir} with the bundled MiniLM (loaded on first
     * use); {@link #close} closes them and the encoder.
     */
    public static CollectionRetriever inDataDir(Path dataDir) {
        EmbeddingModel encoder = EmbeddingModel.miniLm();
        Collections collections = new Collections(dataDir, encoder);
        return new CollectionRetriever(collections, RetrievalMode.HYBRID, () -> {
            try (encoder) {
                collections.close();
            }
        });
    }

    @Override
    public List<ContextChunk> retrieve(TaskDefinition task, RagItem item) {
        RagCollection collection = task.ragCollection()
                .orElseThrow(() -> new IllegalArgumentException("task " + task.id() + " has no collection"));
        String name = indexed.computeIfAbsent(collection.folder().toAbsolutePath().normalize(), folder -> {
            String indexName = collectionName(task, folder);
            collections.add(indexName, folder);
            return indexName;
        });
        return collections.search(name, item.question(), Math.max(1, task.topK()), mode).stream()
                .map(SearchHit::toContextChunk)
                .toList();
    }

    /** Closes the collections and encoder of {@link #inDataDir}; nothing for caller-owned collections. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the collections: " + e.getMessage(), e);
            }
        }
    }

    /** {@code task-<task id>-<hash of the folder>}: one index per collection folder. */
    static String collectionName(TaskDefinition task, Path folder) {
        String hash = Sha256.hex(folder.toString()).substring(0, 12);
        return ("task-" + task.id() + "-" + hash).replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
