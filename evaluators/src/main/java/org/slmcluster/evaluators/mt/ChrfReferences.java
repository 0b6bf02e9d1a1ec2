package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * References counted once for chrF: per segment and reference, the character and word n-grams with their
 * counts and the sequence lengths (from which the per-order totals follow). Immutable once built.
 */
public final class ChrfReferences {

    private final Chrf chrf;
    private final int charOrder;
    private final int wordOrder;
    private final NgramDictionary charDictionary = new NgramDictionary();
    private final NgramDictionary wordDictionary = new NgramDictionary();
    private final Vocabulary vocabulary = new Vocabulary();
    /** [segment][reference] */
    private final SegmentNgrams[][] charNgrams;
    private final SegmentNgrams[][] wordNgrams;
    private final int[][] charLengths;
    private final int[][] wordLengths;
    private final String nrefs;

    ChrfReferences(Chrf chrf, List<List<String>> referenceStreams) {
        this.chrf = chrf;
        this.charOrder = chrf.options().charOrder();
        this.wordOrder = chrf.options().wordOrder();
        int segments = MtReferences.segmentCount(referenceStreams);
        charNgrams = new SegmentNgrams[segments][];
        wordNgrams = new SegmentNgrams[segments][];
        charLengths = new int[segments][];
        wordLengths = new int[segments][];
        int[] refsPerSegment = new int[segments];
        int[] buffer = new int[1024];
        for (int i = 0; i < segments; i++) {
            List<String> refs = MtReferences.referencesOf(referenceStreams, i);
            int k = refs.size();
            refsPerSegment[i] = k;
            charNgrams[i] = new SegmentNgrams[k];
            wordNgrams[i] = new SegmentNgrams[k];
            charLengths[i] = new int[k];
            wordLengths[i] = new int[k];
            for (int r = 0; r < k; r++) {
                String ref = chrf.preprocess(refs.get(r));
                int[] chars = chrf.characters(ref);
                charLengths[i][r] = chars.length;
                buffer = ensure(buffer, chars.length * charOrder);
                int count = charDictionary.ngramIds(chars, chars.length, charOrder, true, buffer);
                charNgrams[i][r] = SegmentNgrams.count(buffer, count);
                if (wordOrder > 0) {
                    String[] words = Chrf.words(ref);
                    int[] ids = new int[words.length];
                    for (int w = 0; w < words.length; w++) {
                        ids[w] = vocabulary.intern(words[w]);
                    }
                    wordLengths[i][r] = words.length;
                    buffer = ensure(buffer, words.length * wordOrder);
                    count = wordDictionary.ngramIds(ids, ids.length, wordOrder, true, buffer);
                    wordNgrams[i][r] = SegmentNgrams.count(buffer, count);
                } else {
                    wordNgrams[i][r] = SegmentNgrams.EMPTY;
                }
            }
        }
        nrefs = MtReferences.nrefs(refsPerSegment);
    }

    private static int[] ensure(int[] buffer, int size) {
        return buffer.length >= size ? buffer : new int[size * 2];
    }

    public int segmentCount() {
        return charNgrams.length;
    }

    public String signature() {
        return chrf.options().signature(nrefs);
    }

    public ChrfScore corpusScore(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), charNgrams.length);
        long[] sum = new long[3 * (charOrder + wordOrder)];
        Scratch scratch = new Scratch();
        for (int i = 0; i < charNgrams.length; i++) {
            long[] stats = statistics(i, hypotheses.get(i), scratch);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return chrf.scoreFromStatistics(sum);
    }

    public List<ChrfScore> sentenceScores(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), charNgrams.length);
        List<ChrfScore> scores = new ArrayList<>(hypotheses.size());
        Scratch scratch = new Scratch();
        for (int i = 0; i < charNgrams.length; i++) {
            scores.add(chrf.scoreFromStatistics(statistics(i, hypotheses.get(i), scratch)));
        }
        return scores;
    }

    public ChrfScore sentenceScore(int segment, String hypothesis) {
        return chrf.scoreFromStatistics(statistics(segment, hypothesis, new Scratch()));
    }

    /** The {@code [hyp, ref, match]} triples per order against the best-scoring reference. */
    long[] statistics(int i, String hypothesis, Scratch scratch) {
        String hyp = chrf.preprocess(hypothesis);
        int[] chars = chrf.characters(hyp);
        int[] charIds = scratch.charIds(chars.length * charOrder);
        int charCount = charDictionary.ngramIds(chars, chars.length, charOrder, false, charIds);
        Arrays.sort(charIds, 0, charCount);
        int words = 0;
        int wordCount = 0;
        int[] wordIds = null;
        if (wordOrder > 0) {
            String[] tokens = Chrf.words(hyp);
            words = tokens.length;
            int[] ids = scratch.tokens(words);
            for (int w = 0; w < words; w++) {
                ids[w] = vocabulary.lookup(tokens[w]);
            }
            wordIds = scratch.wordIds(words * wordOrder);
            wordCount = wordDictionary.ngramIds(ids, words, wordOrder, false, wordIds);
            Arrays.sort(wordIds, 0, wordCount);
        }
        long[] best = null;
        double bestF = -1.0;
        long[] charMatches = new long[Math.max(charOrder, 1)];
        long[] wordMatches = new long[Math.max(wordOrder, 1)];
        for (int r = 0; r < charNgrams[i].length; r++) {
            Arrays.fill(charMatches, 0);
            Arrays.fill(wordMatches, 0);
            charNgrams[i][r].addClippedMatches(charIds, charCount, charDictionary, charMatches);
            long[] stats = new long[3 * (charOrder + wordOrder)];
            fill(stats, 0, charOrder, chars.length, charLengths[i][r], charMatches);
            if (wordOrder > 0) {
                wordNgrams[i][r].addClippedMatches(wordIds, wordCount, wordDictionary, wordMatches);
                fill(stats, charOrder, wordOrder, words, wordLengths[i][r], wordMatches);
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

    /** Reusable buffers of one scoring thread. */
    static final class Scratch {
        private int[] charIds = new int[1024];
        private int[] wordIds = new int[256];
        private int[] tokens = new int[128];

        int[] charIds(int size) {
            if (charIds.length < size) {
                charIds = new int[size * 2];
            }
            return charIds;
        }

        int[] wordIds(int size) {
            if (wordIds.length < size) {
                wordIds = new int[size * 2];
            }
            return wordIds;
        }

        int[] tokens(int size) {
            if (tokens.length < size) {
                tokens = new int[size * 2];
            }
            return tokens;
        }
    }
}
