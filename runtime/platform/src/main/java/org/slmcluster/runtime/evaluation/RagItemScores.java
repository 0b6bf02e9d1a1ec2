package org.slmcluster.runtime.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.slmcluster.evaluators.rag.RagScore;

/**
 * The scores of one answered item by name (judge-free ones first, then RAGAS ones): each a value or a
 * failure that says why there is none.
 */
public record RagItemScores(String itemId, Map<String, RagScore> scores) {

    public RagItemScores {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    public OptionalDouble value(String name) {
        return scores.get(name) instanceof RagScore.Value v ? OptionalDouble.of(v.value()) : OptionalDouble.empty();
    }

    /** Metric name -> why the judge gave no score, for the metrics whose judge kept failing. */
    public Map<String, String> judgeFailures() {
        Map<String, String> failures = new LinkedHashMap<>();
        scores.forEach((name, score) -> {
            if (score instanceof RagScore.Failure f && f.reason() == RagScore.Reason.JUDGE_FAILED) {
                failures.put(name, f.message());
            }
        });
        return failures;
    }
}
