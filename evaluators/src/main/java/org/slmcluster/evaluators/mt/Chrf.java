package org.slmcluster.evaluators.mt;

import java.util.List;

/**
 * chrF (Popović 2015) and chrF++ (Popović 2017) exactly as sacreBLEU 2.x computes them
 * (sacrebleu/metrics/chrf.py): character n-grams over the segment without whitespace (unless asked),
 * word n-grams over words with leading/trailing ASCII punctuation split off, per-order precision and
 * recall averaged over the orders present (or eps-smoothed like chrF++.py), F-beta; the best-scoring
 * reference per segment; corpus scores from summed statistics. Immutable and thread-safe.
 */
public final class Chrf implements MtMetric<ChrfScore> {

    private static final double EPS = 1e-16;
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final ChrfOptions options;

    public Chrf(ChrfOptions options) {
        this.options = options;
    }

    public Chrf() {
        this(ChrfOptions.chrf());
    }

    public ChrfOptions options() {
        return options;
    }

    @Override
    public ChrfReferences prepare(List<List<String>> referenceStreams) {
        return new ChrfReferences(this, referenceStreams);
    }

    String preprocess(String segment) {
        return options.lowercase() ? PythonText.lower(segment) : segment;
    }

    /** The code points chrF takes character n-grams from. */
    int[] characters(String segment) {
        return PythonText.codePoints(options.whitespace() ? segment : PythonText.removeWhitespace(segment));
    }

    /** sacreBLEU's {@code _remove_punctuation}: split one punctuation mark off the end, else off the start. */
    static String[] words(String segment) {
        String[] words = PythonText.split(segment);
        java.util.ArrayList<String> out = null;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.codePointCount(0, w.length()) == 1) {
                if (out != null) {
                    out.add(w);
                }
                continue;
            }
            char last = w.charAt(w.length() - 1);
            char first = w.charAt(0);
            boolean splitLast = PUNCTUATION.indexOf(last) >= 0;
            boolean splitFirst = !splitLast && PUNCTUATION.indexOf(first) >= 0;
            if (!splitLast && !splitFirst) {
                if (out != null) {
                    out.add(w);
                }
                continue;
            }
            if (out == null) {
                out = new java.util.ArrayList<>(words.length + 4);
                for (int k = 0; k < i; k++) {
                    out.add(words[k]);
                }
            }
            if (splitLast) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            }
        }
        return out == null ? words : out.toArray(new String[0]);
    }

    /** sacreBLEU's {@code _compute_f_score} over {@code [hyp, ref, match]} triples per order; 0-100. */
    double fScore(long[] stats) {
        int order = options.charOrder() + options.wordOrder();
        double factor = (double) options.beta() * options.beta();
        double score = 0.0;
        int effectiveOrder = 0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        for (int i = 0; i < order; i++) {
            long nHyp = stats[3 * i];
            long nRef = stats[3 * i + 1];
            long nMatch = stats[3 * i + 2];
            double prec = nHyp > 0 ? (double) nMatch / nHyp : EPS;
            double rec = nRef > 0 ? (double) nMatch / nRef : EPS;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (nHyp > 0 && nRef > 0) {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (options.epsSmoothing()) {
            return 100 * score / order;
        }
        if (effectiveOrder == 0) {
            avgPrec = 0.0;
            avgRec = 0.0;
        } else {
            avgPrec /= effectiveOrder;
            avgRec /= effectiveOrder;
        }
        if (avgPrec + avgRec != 0) {
            score = (1 + factor) * avgPrec * avgRec;
            score /= (factor * avgPrec) + avgRec;
            return 100 * score;
        }
        return 0.0;
    }

    ChrfScore scoreFromStatistics(long[] stats) {
        return new ChrfScore(fScore(stats), options.charOrder(), options.wordOrder(), options.beta());
    }
}
