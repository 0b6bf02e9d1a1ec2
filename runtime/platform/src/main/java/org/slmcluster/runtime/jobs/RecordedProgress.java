package org.slmcluster.runtime.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slmcluster.runtime.evaluation.RagJudging;
import org.slmcluster.runtime.evaluation.ScoredItem;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.ledger.Ledgers;

/**
 * The progress of a job that is not running here (finished, or interrupted by a crash), from its record
 * and the ledgers: a task counts as done when its model's ledger holds its key.
 */
final class RecordedProgress {

    private RecordedProgress() {}

    static JobProgress of(JobRecord record, Ledgers ledgers) {
        Map<String, Map<String, JobProgress.Counts>> perModel = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> judgeFailures = new LinkedHashMap<>();
        int total = 0;
        int done = 0;
        for (String model : record.models()) {
            List<ScoredItem> items = ledgers.items(model);
            Map<String, JobProgress.Counts> perTask = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> entry :
                    record.totals().getOrDefault(model, Map.of()).entrySet()) {
                String task = entry.getKey();
                List<Long> seeds = record.taskSeeds().getOrDefault(task, List.of());
                List<ScoredItem> ofTask = items.stream()
                        .filter(item -> belongs(item, record.suiteName(), task, seeds))
                        .toList();
                ofTask.forEach(item -> RagJudging.countFailures(judgeFailures, model, item.details()));
                int taskDone = Math.min(ofTask.size(), entry.getValue());
                perTask.put(task, new JobProgress.Counts(entry.getValue(), taskDone, 0));
                total += entry.getValue();
                done += taskDone;
            }
            perModel.put(model, perTask);
        }
        // a record still saying RUNNING belongs to a run that ended without finishing: a crash
        JobState state = record.state() == JobState.RUNNING ? JobState.INTERRUPTED : record.state();
        Instant started = Instant.parse(record.createdAt());
        Instant updated = Instant.parse(record.updatedAt());
        return new JobProgress(
                record.id(),
                state,
                total,
                done,
                0,
                0,
                perModel,
                started,
                Duration.between(started, updated),
                Optional.empty(),
                judgeFailures);
    }

    private static boolean belongs(ScoredItem item, String suite, String task, List<Long> seeds) {
        return TaskKey.parse(item.id())
                .filter(key -> key.suite().equals(suite) && key.task().equals(task) && seeds.contains(key.seed()))
                .isPresent();
    }
}
