package org.slmcluster.runtime.generation;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slmcluster.actors.dispatch.TaskResult;
import org.slmcluster.actors.engine.GenerationRequest;

/** Where a job's generations run: normally the coordinator's {@code TaskDispatcher}. */
@FunctionalInterface
public interface GenerationBackend {

    CompletionStage<TaskResult> submit(String taskId, String model, GenerationRequest request, Duration deadline);
}
