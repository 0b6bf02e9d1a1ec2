package org.slmcluster.runtime.suite;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a task's items are checked against while its datasets are read. A null set means the task's own
 * definition (classes, collection) was broken, so the check is skipped rather than reported per item.
 */
final class ItemRules {

    final TaskKind kind;
    final Set<String> entityTypes;
    final Set<String> classNames;
    final Set<String> chunkIds;
    /** A metric that needs references: then every generation item must have one. */
    final Metric referenceMetric;
    /** Ids seen so far in this task, with where they were first seen. */
    final Map<String, String> seenIds = new HashMap<>();

    ItemRules(
            TaskKind kind,
            Set<String> entityTypes,
            Set<String> classNames,
            Set<String> chunkIds,
            Metric referenceMetric) {
        this.kind = kind;
        this.entityTypes = entityTypes;
        this.classNames = classNames;
        this.chunkIds = chunkIds;
        this.referenceMetric = referenceMetric;
    }
}
