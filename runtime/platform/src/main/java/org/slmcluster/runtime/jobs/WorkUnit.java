package org.slmcluster.runtime.jobs;

import java.util.List;
import org.slmcluster.actors.engine.GenerationParameters;
import org.slmcluster.runtime.evaluation.TaskKey;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;

/** One generation of a job: a model answering one item of one task with one seed. */
record WorkUnit(
        String model,
        TaskDefinition task,
        TaskItem item,
        TaskKey key,
        RenderedPrompt prompt,
        List<String> retrievedIds,
        GenerationParameters parameters,
        int contextSize) {}
