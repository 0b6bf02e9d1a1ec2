package org.slmcluster.runtime.evaluation;

import java.nio.file.Path;
import java.util.List;
import org.slmcluster.evaluators.comet.CometModel;

/**
 * The COMET model of the member that scores ({@value EvaluationOptions#COMET_SETTING}), loaded once on
 * first need, like {@link ScoringEncoder}. A failed load is not remembered. One segment at a time.
 */
public final class ScoringComet implements AutoCloseable {

    private final Path directory;
    private CometModel model;
    private boolean closed;

    public ScoringComet(Path directory) {
        this.directory = directory;
    }

    public String description() {
        return "the COMET model in " + directory;
    }

    /** The model directory's name, as the {@value ItemEvaluator#COMET_MODEL} detail of every score. */
    public String name() {
        return String.valueOf(directory.getFileName());
    }

    /** Loads the model unless it is loaded; throws (an {@code EncoderException}) with the reason it cannot. */
    public synchronized CometModel load() {
        if (closed) {
            throw new IllegalStateException(description() + " is closed");
        }
        if (model == null) {
            model = CometModel.loadDirectory(directory);
        }
        return model;
    }

    /** The segment score of one hypothesis. */
    public synchronized double score(String source, String hypothesis, String reference) {
        return load().comet()
                .score(List.of(source), List.of(hypothesis), List.of(reference))
                .segments()
                .get(0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
