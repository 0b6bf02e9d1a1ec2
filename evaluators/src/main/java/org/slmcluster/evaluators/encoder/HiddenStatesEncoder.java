package org.slmcluster.evaluators.encoder;

import java.util.List;

/**
 * Turns texts into every hidden state of the encoder, for metrics that mix layers (COMET). An export with
 * only its last hidden state gives one layer. Implementations are thread-safe.
 */
public interface HiddenStatesEncoder {

    /** Per text, in input order: [layer][token][hidden], embeddings output first, no padding. */
    List<float[][][]> hiddenStates(List<String> texts);

    /** How many layers {@link #hiddenStates} gives per text. */
    int layerCount();
}
