package org.slmcluster.runtime.jobs;

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
 */
record JobPlan(
        Suite suite,
        List<WorkUnit> units,
        Map<String, List<Long>> taskSeeds,
        Map<String, Map<String, Integer>> totals) {

    JobPlan {
        units = List.copyOf(units);
        taskSeeds = Map.copyOf(taskSeeds);
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
