package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;

/**
 * References counted once for chrF: per segment, the character and word n-grams of each reference with
 * their counts, and the sequence lengths (from which the per-order totals follow). Immutable once built.
 */
public final class ChrfReferences implements PreparedReferences<ChrfScore> {

    private final Chrf chrf;
    private final int charOrder;
    private final int wordOrder;
    private final Vocabulary vocabulary = new Vocabulary();
    private final SegmentNgramIndex[] charNgrams;
    private final SegmentNgramIndex[] wordNgrams;
    /** [segment][reference] */
    private final int[][] charLengths;

    private final int[][] wordLengths;
    private final String nrefs;

    ChrfReferences(Chrf chrf, List<List<String>> referenceStreams) {
        this.chrf = chrf;
        this.charOrder = chrf.options().charOrder();
        this.wordOrder = chrf.options().wordOrder();
        int segments = MtReferences.segmentCount(referenceStreams);
        charNgrams = new SegmentNgramIndex[segments];
        wordNgrams = new SegmentNgramIndex[segments];
        charLengths = new int[segments][];
        wordLengths = new int[segments][];
        int[] refsPerSegment = new int[segments];
        // characters, their n-gram index and the words of every reference, on all cores (independent per
        // segment); the word vocabulary is then filled in segment order, as a single loop would
        List<PreparedSegment> prepared = ParallelSegments.map(segments, () -> null, (unused, i) -> {
            List<String> refs = MtReferences.referencesOf(referenceStreams, i);
            int[][] chars = new int[refs.size()][];
            String[][] words = new String[refs.size()][];
            for (int r = 0; r < refs.size(); r++) {
                String ref = chrf.preprocess(refs.get(r));
                chars[r] = chrf.characters(ref);
                words[r] = wordOrder > 0 ? Chrf.words(ref) : null;
            }
            return new PreparedSegment(chars, new SegmentNgramIndex(chars, charOrder), words);
        });
        for (int i = 0; i < segments; i++) {
            PreparedSegment segment = prepared.get(i);
            int k = segment.chars.length;
            refsPerSegment[i] = k;
            int[][] words = new int[k][];
            charLengths[i] = new int[k];
            wordLengths[i] = new int[k];
            for (int r = 0; r < k; r++) {
                charLengths[i][r] = segment.chars[r].length;
                if (wordOrder > 0) {
                    String[] tokens = segment.words[r];
                    words[r] = new int[tokens.length];
                    for (int w = 0; w < tokens.length; w++) {
                        words[r][w] = vocabulary.intern(tokens[w]);
                    }
                    wordLengths[i][r] = tokens.length;
                }
            }
            charNgrams[i] = segment.charIndex;
            wordNgrams[i] = wordOrder > 0 ? new SegmentNgramIndex(words, wordOrder) : null;
        }
        nrefs = MtReferences.nrefs(refsPerSegment);
    }

    @Override
    public int segmentCount() {
        return charNgrams.length;
    }

    @Override
    public String signature() {
        return chrf.options().signature(nrefs);
    }

    @Override
    public ChrfScore corpusScore(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), charNgrams.length);
        long[] sum = new long[3 * (charOrder + wordOrder)];
        for (long[] stats : ParallelSegments.map(
                charNgrams.length, Scratch::new, (scratch, i) -> statistics(i, hypotheses.get(i), scratch))) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return chrf.scoreFromStatistics(sum);
    }

    @Override
    public List<ChrfScore> sentenceScores(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), charNgrams.length);
        List<ChrfScore> scores = new ArrayList<>(hypotheses.size());
        Scratch scratch = new Scratch();
        for (int i = 0; i < charNgrams.length; i++) {
            scores.add(chrf.scoreFromStatistics(statistics(i, hypotheses.get(i), scratch)));
        }
        return scores;
    }

    @Override
    public ChrfScore sentenceScore(int segment, String hypothesis) {
        return chrf.scoreFromStatistics(statistics(segment, hypothesis, new Scratch()));
    }

    /** The {@code [hyp, ref, match]} triples per order against the best-scoring reference. */
    long[] statistics(int i, String hypothesis, Scratch scratch) {
        String hyp = chrf.preprocess(hypothesis);
        int refs = charLengths[i].length;
        int[] chars = chrf.characters(hyp);
        long[][] charMatches = new long[refs][Math.max(charOrder, 1)];
        charNgrams[i].clippedMatches(chars, chars.length, scratch.table, charMatches);
        int words = 0;
        long[][] wordMatches = null;
        if (wordOrder > 0) {
            String[] tokens = Chrf.words(hyp);
            words = tokens.length;
            int[] ids = new int[words];
            for (int w = 0; w < words; w++) {
                ids[w] = vocabulary.lookup(tokens[w]);
            }
            wordMatches = new long[refs][wordOrder];
            wordNgrams[i].clippedMatches(ids, words, scratch.table, wordMatches);
        }
        long[] best = null;
        double bestF = -1.0;
        for (int r = 0; r < refs; r++) {
            long[] stats = new long[3 * (charOrder + wordOrder)];
            fill(stats, 0, charOrder, chars.length, charLengths[i][r], charMatches[r]);
            if (wordOrder > 0) {
                fill(stats, charOrder, wordOrder, words, wordLengths[i][r], wordMatches[r]);
            }
            double f = chrf.fScore(stats);
            if (f > bestF) {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    /**
     * Triples for orders 1..orders: the hypothesis count only when the reference has n-grams of that order
     * (sacreBLEU's {@code hyp_count if ref_ngrams else 0}), the reference count, the clipped matches.
     */
    private static void fill(long[] stats, int firstOrder, int orders, int hypLength, int refLength, long[] matches) {
        for (int k = 0; k < orders; k++) {
            int n = k + 1;
            long hypCount = Math.max(0, hypLength - n + 1);
            long refCount = Math.max(0, refLength - n + 1);
            int base = 3 * (firstOrder + k);
            stats[base] = refCount > 0 ? hypCount : 0;
            stats[base + 1] = refCount;
            stats[base + 2] = matches[k];
        }
    }

    /** One segment's references after the work that needs no shared state. */
    private static final class PreparedSegment {
        final int[][] chars;
        final SegmentNgramIndex charIndex;
        final String[][] words;

        PreparedSegment(int[][] chars, SegmentNgramIndex charIndex, String[][] words) {
            this.chars = chars;
            this.charIndex = charIndex;
            this.words = words;
        }
    }

    /** Reusable buffers of one scoring thread. */
    static final class Scratch {
        final SegmentNgramIndex.Scratch table = new SegmentNgramIndex.Scratch();
    }
}
