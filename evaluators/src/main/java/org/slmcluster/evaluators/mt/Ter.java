package org.slmcluster.evaluators.mt;

import java.util.List;

/**
 * Translation edit rate (Snover et al. 2006) exactly as sacreBLEU 2.x computes it (sacrebleu/metrics/ter.py
 * and lib_ter.py, a near-exact Tercom re-implementation): per segment the fewest edits over the references
 * and the average reference length; the corpus score is total edits over total average reference length,
 * times 100. Immutable and thread-safe.
 */
public final class Ter implements MtMetric<TerScore> {

    private final TerOptions options;
    private final TercomTokenizer tokenizer;

    public Ter(TerOptions options) {
        this.options = options;
        this.tokenizer = new TercomTokenizer(options);
    }

    public Ter() {
        this(TerOptions.defaults());
    }

    public TerOptions options() {
        return options;
    }

    @Override
    public TerReferences prepare(List<List<String>> referenceStreams) {
        return new TerReferences(this, referenceStreams);
    }

    /** The words TER compares: right-stripped, then Tercom-tokenized, then split on whitespace. */
    String[] words(String segment) {
        return PythonText.split(tokenizer.tokenize(PythonText.rstrip(segment)));
    }

    /** sacreBLEU's {@code _compute_score_from_stats}. */
    static TerScore scoreFromStatistics(long totalEdits, double sumRefLengths) {
        double score;
        if (sumRefLengths > 0) {
            score = totalEdits / sumRefLengths;
        } else if (totalEdits > 0) {
            score = 1.0;
        } else {
            score = 0.0;
        }
        return new TerScore(100 * score, totalEdits, sumRefLengths);
    }
}
