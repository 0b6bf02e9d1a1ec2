package org.slmcluster.runtime.jobs;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;
import org.slmcluster.runtime.node.NodeRuntime;

/** Where a job's generations run: normally the coordinator's {@code TaskDispatcher}. */
@FunctionalInterface
public interface GenerationBackend {

    CompletionStage<TaskResult> submit(String taskId, String model, GenerationRequest request, Duration deadline);

    /** Submits through the coordinator member's dispatcher. */
    static GenerationBackend of(NodeRuntime coordinator) {
        return coordinator::submit;
    }
}
