package org.slmcluster.runtime.evaluation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What evaluating one answer yields: scores by name (see {@link ScoreNames}), adherence flags, and small
 * details a view needs later (e.g. {@code predicted} and {@code gold} labels for classification macro-F1).
 */
public record Evaluation(Map<String, Double> scores, Set<AdherenceFlag> flags, Map<String, String> details) {

    public Evaluation {
        scores = Collections.unmodifiableSortedMap(new TreeMap<>(scores));
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }
}
