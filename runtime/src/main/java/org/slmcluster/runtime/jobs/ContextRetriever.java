package org.slmcluster.runtime.jobs;

import java.util.List;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * Chooses the chunks a RAG prompt gets. Must be deterministic so every model sees the same prompt. The
 * default ranks the task's collection lexically ({@link LexicalRetriever}); a document store can be
 * plugged in instead.
 */
@FunctionalInterface
public interface ContextRetriever {

    List<ContextChunk> retrieve(TaskDefinition task, RagItem item);
}
