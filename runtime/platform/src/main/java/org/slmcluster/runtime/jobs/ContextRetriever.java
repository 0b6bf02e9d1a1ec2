package org.slmcluster.runtime.jobs;

import java.util.List;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Chooses the chunks a RAG prompt gets. Must be deterministic so every model sees the same prompt. The
 * coordinator's default is the hybrid Lucene retrieval of {@link CollectionRetriever}; {@link LexicalRetriever}
 * needs no index or encoder.
 */
@FunctionalInterface
public interface ContextRetriever {

    List<ContextChunk> retrieve(TaskDefinition task, RagItem item);
}
