package org.slmcluster.evaluators.comet;

import java.util.List;

/**
 * COMET's output: one score per segment and the system score, their mean (as unbabel-comet's
 * {@code system_score}).
 */
public record CometResult(List<Double> segments, double system) {

    public CometResult {
        segments = List.copyOf(segments);
    }

    static CometResult of(List<Double> segments) {
        double sum = 0;
        for (double s : segments) {
            sum += s;
        }
        return new CometResult(segments, segments.isEmpty() ? 0 : sum / segments.size());
    }
}
