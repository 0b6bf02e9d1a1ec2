package org.slmcluster.runtime.evaluation;

import java.util.List;
import org.slmcluster.runtime.suite.RenderedPrompt;
import org.slmcluster.runtime.suite.TaskDefinition;
import org.slmcluster.runtime.suite.TaskItem;

/**
 * Scores one answer to one item with the metrics of its task (see {@link ScoreNames} for the names) and
 * flags adherence failures. Thread-safe; a pure function of its inputs (and the optional encoders).
 */
public final class ItemEvaluator {

    private final EvaluationOptions options;

    public ItemEvaluator(EvaluationOptions options) {
        this.options = options;
    }

    public ItemEvaluator() {
        this(EvaluationOptions.lexical());
    }

    /**
     * @param retrievedIds RAG: chunk ids put into the prompt, in rank order (ignored for other kinds)
     */
    public Evaluation evaluate(TaskDefinition task, TaskItem item, RenderedPrompt prompt, List<String> retrievedIds,
                               String answer) {
        throw new UnsupportedOperationException("not yet");
    }
}
