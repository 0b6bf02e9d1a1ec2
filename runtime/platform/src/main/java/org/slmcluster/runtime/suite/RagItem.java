package org.slmcluster.runtime.suite;

import java.util.List;

/** Answer {@code question} from the task's collection; the gold answer comes from the gold chunks. */
public record RagItem(String id, String question, String answer, List<String> goldChunkIds) implements TaskItem {

    public RagItem {
        goldChunkIds = List.copyOf(goldChunkIds);
    }

    @Override
    public String reference() {
        return answer;
    }
}
