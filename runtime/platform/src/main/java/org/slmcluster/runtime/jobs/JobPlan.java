package org.slmcluster.runtime.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slmcluster.runtime.suite.Suite;

/**
 * What a job will run: every task (model x task x item x seed) with its prompt, in dispatch order, and the
 * per-task seeds and totals its record keeps.
 *
 * @param taskSeeds task id -> the seeds it runs with
 * @param totals    model -> task id -> tasks
 * @param skippedJudges task id -> why its optional judge does not judge in this job (its model is not placed);
 *                      the units of that task carry no judge
 */
record JobPlan(
        Suite suite,
        List<WorkUnit> units,
        Map<String, List<Long>> taskSeeds,
        Map<String, Map<String, Integer>> totals,
        Map<String, String> skippedJudges) {

    JobPlan {
        units = List.copyOf(units);
        taskSeeds = Map.copyOf(taskSeeds);
        skippedJudges = Collections.unmodifiableMap(new LinkedHashMap<>(skippedJudges));
    }

    /** The notes a job's progress shows about this plan, in task order. */
    List<String> notes() {
        return List.copyOf(skippedJudges.values());
    }

    static Map<String, Map<String, Integer>> totalsOf(List<WorkUnit> units) {
        Map<String, Map<String, Integer>> totals = new LinkedHashMap<>();
        for (WorkUnit unit : units) {
            totals.computeIfAbsent(unit.model(), m -> new LinkedHashMap<>())
                    .merge(unit.task().id(), 1, Integer::sum);
        }
        return totals;
    }
}
