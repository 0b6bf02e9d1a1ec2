package org.slmcluster.evaluators.bertscore;

import org.slmcluster.evaluators.encoder.TokenIds;

/** Importance weight of every token of a text in BERTScore's weighted averages. */
public interface TokenWeights {

    double[] weights(TokenIds tokens);

    /** Without idf, as bert_score: weight 1 for every token, 0 for special tokens ([CLS], [SEP]). */
    TokenWeights UNIFORM = tokens -> {
        double[] w = new double[tokens.ids().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = tokens.special()[i] ? 0.0 : 1.0;
        }
        return w;
    };
}
