package org.slmcluster.runtime.rag.judge;

import org.slmcluster.runtime.generation.GenerationBackend;
import org.slmcluster.runtime.generation.TextGenerator;

/**
 * A RAGAS judge that is a (bigger) model of the cluster: each verdict is a task submitted to the
 * coordinator's dispatcher for {@code model}, with the call's timeout as the task deadline. A
 * {@code TaskResult.Failed} or a missed deadline is a judge failure.
 */
public final class ClusterJudge extends EngineJudge {

    public ClusterJudge(GenerationBackend backend, String model, JudgeSettings settings) {
        super(TextGenerator.ofCluster(backend, model, settings.timeout()), model, settings);
    }
}
