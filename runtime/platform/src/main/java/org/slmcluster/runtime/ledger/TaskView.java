package org.slmcluster.runtime.ledger;

import java.util.Map;
import java.util.Optional;
import org.slmcluster.runtime.evaluation.AdherenceFlag;
import org.slmcluster.runtime.suite.TaskKind;

/**
 * One model's results on one task (all seeds together).
 *
 * @param metrics              per-item scores summarised, by score name (sorted)
 * @param corpus               corpus-level scores computed from all items: classification {@code accuracy},
 *                             {@code macro-f1}, {@code invalid-label-rate}; empty for the other kinds
 * @param latencyP50Millis     median generation latency
 * @param latencyP95Millis     95th percentile latency (nearest rank)
 * @param meanTokensPerSecond  mean of the items' output tokens per second
 * @param meanOutputTokens     mean generated tokens
 * @param meanOutputChars      mean answer length in characters
 * @param adherence            share of items carrying each flag (every flag present, 0 when none)
 * @param cachedCount          items whose answer came from the response cache
 */
public record TaskView(
        String model,
        String task,
        TaskKind kind,
        int count,
        Map<String, MetricSummary> metrics,
        Map<String, Double> corpus,
        double latencyP50Millis,
        double latencyP95Millis,
        double meanTokensPerSecond,
        double meanOutputTokens,
        double meanOutputChars,
        Map<AdherenceFlag, Double> adherence,
        int cachedCount) {

    public Optional<MetricSummary> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }
}
