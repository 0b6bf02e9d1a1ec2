package org.slmcluster.evaluators.bertscore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slmcluster.evaluators.encoder.TokenIds;

/**
 * Inverse document frequency of word pieces over a set of reference texts, as bert_score's
 * {@code get_idf_dict}: idf(w) = ln((M + 1) / (df(w) + 1)) with M the number of references and df(w)
 * the number of references holding w; a piece no reference holds gets ln(M + 1). Special tokens
 * weigh 0 (bert_score gets 0 for [CLS] / [SEP] because every reference holds them).
 */
public final class IdfWeights implements TokenWeights {

    private final Map<Long, Double> idf;
    private final double unseen;
    private final int documents;

    private IdfWeights(Map<Long, Double> idf, double unseen, int documents) {
        this.idf = idf;
        this.unseen = unseen;
        this.documents = documents;
    }

    public static IdfWeights fromReferences(List<TokenIds> references) {
        Map<Long, Integer> documentFrequency = new HashMap<>();
        for (TokenIds reference : references) {
            Set<Long> distinct = new HashSet<>();
            for (long id : reference.ids()) {
                distinct.add(id);
            }
            for (Long id : distinct) {
                documentFrequency.merge(id, 1, Integer::sum);
            }
        }
        int m = references.size();
        Map<Long, Double> idf = new HashMap<>();
        documentFrequency.forEach((id, df) -> idf.put(id, Math.log((m + 1.0) / (df + 1.0))));
        return new IdfWeights(idf, Math.log(m + 1.0), m);
    }

    /** The idf of one vocabulary id (special tokens are zeroed by {@link #weights}, not here). */
    public double idf(long id) {
        return idf.getOrDefault(id, unseen);
    }

    public int documents() {
        return documents;
    }

    @Override
    public double[] weights(TokenIds tokens) {
        double[] w = new double[tokens.ids().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = tokens.special()[i] ? 0.0 : idf(tokens.ids()[i]);
        }
        return w;
    }
}
