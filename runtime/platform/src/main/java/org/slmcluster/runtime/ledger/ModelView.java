package org.slmcluster.runtime.ledger;

import java.util.List;
import java.util.Optional;

/** Everything one model's ledger holds, summarised per task (tasks in id order). */
public record ModelView(String model, int itemCount, List<TaskView> tasks) {

    public ModelView {
        tasks = List.copyOf(tasks);
    }

    public Optional<TaskView> task(String taskId) {
        return tasks.stream().filter(view -> view.task().equals(taskId)).findFirst();
    }
}
