package org.slmcluster.runtime.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slmcluster.runtime.suite.ContextChunk;
import org.slmcluster.runtime.suite.RagChunk;
import org.slmcluster.runtime.suite.RagItem;
import org.slmcluster.runtime.suite.TaskDefinition;

/**
 * The default retriever: ranks the task's collection chunks by how many distinct question words (of
 * three or more letters or digits, case-insensitive) they contain, ties in collection order, and keeps
 * the task's top-k. Deterministic and dependency-free; a document store can replace it.
 */
public final class LexicalRetriever implements ContextRetriever {

    @Override
    public List<ContextChunk> retrieve(TaskDefinition task, RagItem item) {
        List<RagChunk> chunks = task.ragCollection()
                .orElseThrow(() -> new IllegalArgumentException("task " + task.id() + " has no collection"))
                .chunks();
        Set<String> question = words(item.question());
        List<int[]> ranked = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Set<String> words = words(chunks.get(i).text());
            words.retainAll(question);
            ranked.add(new int[] {i, words.size()});
        }
        ranked.sort(Comparator.<int[]>comparingInt(r -> -r[1]).thenComparingInt(r -> r[0]));
        int k = Math.min(Math.max(1, task.topK()), chunks.size());
        List<ContextChunk> result = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            result.add(ContextChunk.of(chunks.get(ranked.get(i)[0])));
        }
        return result;
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() >= 3) {
                words.add(word);
            }
        }
        return words;
    }
}
