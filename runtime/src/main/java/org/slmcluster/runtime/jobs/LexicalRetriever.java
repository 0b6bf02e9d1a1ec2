package org.slmcluster.runtime.jobs;

import java.util.List;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/** Ranks a task's collection chunks by word overlap with the question (ties by chunk order); top-k. */
public final class LexicalRetriever implements ContextRetriever {

    @Override
    public List<ContextChunk> retrieve(TaskDefinition task, RagItem item) {
        throw new UnsupportedOperationException("not yet");
    }
}
