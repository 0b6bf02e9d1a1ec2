package org.slmcluster.evaluators.rag;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A metric over many items: the mean of the items that have a value, and how many have none and
 * why. Failed items are left out of the mean (not counted as 0), and the count says so.
 */
public record RagSummary(OptionalDouble mean, int scored, Map<RagScore.Reason, Integer> failures) {

    public static RagSummary of(List<RagScore> scores) {
        double sum = 0;
        int scored = 0;
        Map<RagScore.Reason, Integer> failures = new EnumMap<>(RagScore.Reason.class);
        for (RagScore score : scores) {
            if (score instanceof RagScore.Value value) {
                sum += value.value();
                scored++;
            } else if (score instanceof RagScore.Failure failure) {
                failures.merge(failure.reason(), 1, Integer::sum);
            }
        }
        return new RagSummary(
                scored == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / scored), scored, Map.copyOf(failures));
    }

    public int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }
}
