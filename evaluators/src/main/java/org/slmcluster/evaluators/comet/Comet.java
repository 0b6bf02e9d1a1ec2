package org.slmcluster.evaluators.comet;

import java.util.ArrayList;
import java.util.List;
import org.slmcluster.evaluators.encoder.HiddenStatesEncoder;

/**
 * A COMET regression metric: an encoder's hidden states of source, hypothesis and reference through a
 * {@link CometEstimator}. Thread-safe when the encoder is.
 */
public final class Comet {

    private final HiddenStatesEncoder encoder;
    private final CometEstimator estimator;

    /**
     * @throws IllegalArgumentException the head mixes another number of layers than the encoder gives
     */
    public Comet(HiddenStatesEncoder encoder, CometEstimator estimator) {
        if (encoder.layerCount() != estimator.layerCount()) {
            throw new IllegalArgumentException("the COMET head mixes " + estimator.layerCount()
                    + " layers but the encoder gives " + encoder.layerCount()
                    + " hidden-state output(s); export the encoder with all hidden states (docs/encoders.md)");
        }
        this.encoder = encoder;
        this.estimator = estimator;
    }

    public CometEstimator estimator() {
        return estimator;
    }

    /**
     * Scores every segment: {@code sources}, {@code hypotheses} and {@code references} are parallel.
     *
     * @throws IllegalArgumentException the lists differ in length
     */
    public CometResult score(List<String> sources, List<String> hypotheses, List<String> references) {
        if (sources.size() != hypotheses.size() || references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("COMET needs as many sources and references as hypotheses: "
                    + sources.size() + " sources, " + hypotheses.size() + " hypotheses, " + references.size()
                    + " references");
        }
        List<Double> scores = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            List<float[][][]> states =
                    encoder.hiddenStates(List.of(hypotheses.get(i), references.get(i), sources.get(i)));
            scores.add(estimator.score(states.get(0), states.get(1), states.get(2)));
        }
        return CometResult.of(scores);
    }
}
