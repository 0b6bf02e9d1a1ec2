package org.slmcluster.runtime.evaluation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * One scored answer as the ledger records it.
 *
 * @param key             suite / task / item / seed
 * @param model           the model name (as the cluster knows it)
 * @param kind            the task kind
 * @param promptHash      {@link org.slmcluster.runtime.suite.RenderedPrompt#sha256()} of the exact prompt
 * @param answer          the generated text
 * @param scores          score name -> value (see {@link ScoreNames}); values in [0, 1] unless the name says otherwise (bleu, chrf: 0-100)
 * @param flags           adherence failures
 * @param details         per-kind details for views (classification: {@code predicted}, {@code gold})
 * @param latencyNanos    generation time on the worker
 * @param promptTokens    tokens of the prompt
 * @param outputTokens    generated tokens
 * @param tokensPerSecond output tokens per second of generation
 * @param finishReason    {@code stop} or {@code length}
 * @param node            label of the node whose worker generated it ("" for a cached answer with unknown node)
 * @param hops            overlay hops from the coordinator to that node
 * @param cached          whether the answer came from the response cache instead of a generation
 * @param retrievedIds    RAG: ids of the chunks put into the prompt, in rank order; empty otherwise
 * @param recordedAtMillis wall-clock time it was scored
 */
public record ScoredItem(
        TaskKey key,
        String model,
        TaskKind kind,
        String promptHash,
        String answer,
        Map<String, Double> scores,
        Set<AdherenceFlag> flags,
        Map<String, String> details,
        long latencyNanos,
        int promptTokens,
        int outputTokens,
        double tokensPerSecond,
        String finishReason,
        String node,
        int hops,
        boolean cached,
        List<String> retrievedIds,
        long recordedAtMillis) {

    public ScoredItem {
        scores = Collections.unmodifiableSortedMap(new TreeMap<>(scores));
        flags = flags == null || flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        details = details == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(details));
        retrievedIds = retrievedIds == null ? List.of() : List.copyOf(retrievedIds);
        node = node == null ? "" : node;
        finishReason = finishReason == null ? "" : finishReason;
    }

    /** The ledger key, {@link TaskKey#id()}. */
    public String id() {
        return key.id();
    }

    public String task() {
        return key.task();
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }

    public boolean has(AdherenceFlag flag) {
        return flags.contains(flag);
    }
}
