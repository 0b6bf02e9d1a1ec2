package org.slmcluster.runtime.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slmcluster.runtime.digest.Sha256;
import org.slmcluster.runtime.rag.CollectionStore;
import org.slmcluster.runtime.rag.RetrievalMode;
import org.slmcluster.runtime.rag.SearchHit;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagCollection;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Retrieves a RAG item's context from the document store: the task's collection folder is indexed
 * once in {@link CollectionStore} (paragraph chunks, so retrieved ids are the suite's chunk ids; reused
 * while its documents are unchanged) and searched with the hybrid retriever (BM25 + MiniLM vectors,
 * reciprocal-rank fused) for the task's top-k. Deterministic for a given index.
 */
public final class CollectionRetriever implements ContextRetriever {

    private final CollectionStore collections;
    private final RetrievalMode mode;
    private final Map<Path, String> indexed = new ConcurrentHashMap<>();

    /** Searches {@code collections} (the caller closes them). */
    public CollectionRetriever(CollectionStore collections) {
        this(collections, RetrievalMode.HYBRID);
    }

    public CollectionRetriever(CollectionStore collections, RetrievalMode mode) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public List<ContextChunk> retrieve(TaskDefinition task, RagItem item) {
        RagCollection collection = task.ragCollection()
                .orElseThrow(() -> new IllegalArgumentException("task " + task.id() + " has no collection"));
        String name =
                indexed.computeIfAbsent(collection.folder().toAbsolutePath().normalize(), folder -> {
                    String indexName = collectionName(task, folder);
                    collections.add(indexName, folder);
                    return indexName;
                });
        return collections.search(name, item.question(), Math.max(1, task.topK()), mode).stream()
                .map(SearchHit::toContextChunk)
                .toList();
    }

    /** {@code task-<task id>-<hash of the folder>}: one index per collection folder. */
    static String collectionName(TaskDefinition task, Path folder) {
        String hash = Sha256.hex(folder.toString()).substring(0, 12);
        return ("task-" + task.id() + "-" + hash).replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
