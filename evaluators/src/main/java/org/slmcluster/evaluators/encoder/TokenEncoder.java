package org.slmcluster.evaluators.encoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns texts into contextual token embeddings. BERTScore depends only on this interface, so its
 * matching arithmetic can be checked on hand-made vectors; {@link OnnxEncoder} is the real one.
 * Implementations are thread-safe.
 */
public interface TokenEncoder {

    /** Encodes every text; the result has one entry per input, in input order. */
    List<EncodedText> encode(List<String> texts);

    /**
     * This encoder giving the vectors of hidden layer {@code layer} (0 = embeddings, as bert_score's
     * {@code num_layers}) instead of its default one.
     *
     * @throws EncoderException the encoder cannot give that layer
     */
    default TokenEncoder atLayer(int layer) {
        throw new EncoderException("this encoder cannot choose a hidden layer (asked for layer " + layer + ")");
    }

    /**
     * Token ids only, for statistics such as idf. The default runs {@link #encode}; encoders that can
     * tokenize without running the model override it.
     */
    default List<TokenIds> tokenize(List<String> texts) {
        List<TokenIds> out = new ArrayList<>(texts.size());
        for (EncodedText encoded : encode(texts)) {
            out.add(new TokenIds(encoded.ids(), encoded.special()));
        }
        return out;
    }
}
