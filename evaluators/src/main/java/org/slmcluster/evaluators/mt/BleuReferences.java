package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;

/**
 * References tokenized and counted once (sacreBLEU's reference cache): per segment, the n-grams with their
 * maximum count over the references, and the reference lengths. Scoring a system then only tokenizes and
 * counts the hypotheses. Immutable once built; scoring is thread-safe.
 */
public final class BleuReferences implements PreparedReferences<BleuScore> {

    private final Bleu bleu;
    private final int maxOrder;
    private final Vocabulary vocabulary = new Vocabulary();
    private final NgramDictionary dictionary = new NgramDictionary();
    private final SegmentNgrams[] ngrams;
    private final int[][] lengths;
    private final String nrefs;

    BleuReferences(Bleu bleu, List<List<String>> referenceStreams) {
        this.bleu = bleu;
        this.maxOrder = bleu.options().maxNgramOrder();
        int segments = MtReferences.segmentCount(referenceStreams);
        ngrams = new SegmentNgrams[segments];
        lengths = new int[segments][];
        int[] refsPerSegment = new int[segments];
        int[] buffer = new int[256];
        // tokenizing is most of the work and independent per segment; interning stays in segment order
        List<String[][]> tokenized = MtReferences.tokenized(referenceStreams, segments, bleu::tokens);
        for (int i = 0; i < segments; i++) {
            String[][] refs = tokenized.get(i);
            refsPerSegment[i] = refs.length;
            lengths[i] = new int[refs.length];
            SegmentNgrams merged = null;
            for (int r = 0; r < refs.length; r++) {
                String[] tokens = refs[r];
                lengths[i][r] = tokens.length;
                int[] ids = new int[tokens.length];
                for (int t = 0; t < tokens.length; t++) {
                    ids[t] = vocabulary.intern(tokens[t]);
                }
                if (buffer.length < tokens.length * maxOrder) {
                    buffer = new int[tokens.length * maxOrder * 2];
                }
                int count = dictionary.ngramIds(ids, ids.length, maxOrder, true, buffer);
                SegmentNgrams counted = SegmentNgrams.count(buffer, count);
                merged = merged == null ? counted : SegmentNgrams.max(merged, counted);
            }
            ngrams[i] = merged;
        }
        nrefs = MtReferences.nrefs(refsPerSegment);
    }

    @Override
    public int segmentCount() {
        return ngrams.length;
    }

    /** sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp}. */
    @Override
    public String signature() {
        return bleu.options().signature(nrefs);
    }

    /** Corpus BLEU of a system: one hypothesis per reference segment. */
    @Override
    public BleuScore corpusScore(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), ngrams.length);
        long[] sum = new long[2 + 2 * maxOrder];
        for (long[] stats : ParallelSegments.map(
                ngrams.length, Scratch::new, (scratch, i) -> statistics(i, hypotheses.get(i), scratch))) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return bleu.scoreFromStatistics(sum);
    }

    /** BLEU of every segment on its own, with this metric's options. */
    @Override
    public List<BleuScore> sentenceScores(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), ngrams.length);
        List<BleuScore> scores = new ArrayList<>(hypotheses.size());
        Scratch scratch = new Scratch();
        for (int i = 0; i < ngrams.length; i++) {
            scores.add(bleu.scoreFromStatistics(statistics(i, hypotheses.get(i), scratch)));
        }
        return scores;
    }

    /** BLEU of one segment's hypothesis. */
    @Override
    public BleuScore sentenceScore(int segment, String hypothesis) {
        return bleu.scoreFromStatistics(statistics(segment, hypothesis, new Scratch()));
    }

    /** Sufficient statistics of segment {@code i}: {@code [hyp_len, ref_len, correct..., total...]}. */
    long[] statistics(int i, String hypothesis, Scratch scratch) {
        String[] tokens = bleu.tokens(hypothesis);
        int n = tokens.length;
        int[] ids = scratch.tokens(n);
        for (int t = 0; t < n; t++) {
            ids[t] = vocabulary.lookup(tokens[t]);
        }
        int[] buffer = scratch.ngrams(n * maxOrder);
        int count = dictionary.ngramIds(ids, n, maxOrder, false, buffer);
        java.util.Arrays.sort(buffer, 0, count);
        long[] stats = new long[2 + 2 * maxOrder];
        stats[0] = n;
        stats[1] = Bleu.closestReferenceLength(n, lengths[i]);
        long[] correct = new long[maxOrder];
        ngrams[i].addClippedMatches(buffer, count, dictionary, correct);
        for (int k = 0; k < maxOrder; k++) {
            stats[2 + k] = correct[k];
            stats[2 + maxOrder + k] = Math.max(0, n - k);
        }
        return stats;
    }

    /** Reusable buffers of one scoring thread. */
    static final class Scratch {
        private int[] tokens = new int[128];
        private int[] ngrams = new int[512];

        int[] tokens(int size) {
            if (tokens.length < size) {
                tokens = new int[size * 2];
            }
            return tokens;
        }

        int[] ngrams(int size) {
            if (ngrams.length < size) {
                ngrams = new int[size * 2];
            }
            return ngrams;
        }
    }
}
