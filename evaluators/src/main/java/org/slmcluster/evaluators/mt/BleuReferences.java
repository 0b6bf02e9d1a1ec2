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
    /** Set when the n-grams are packed longs ({@link PackedNgrams}), the usual case; else the trie's. */
    private final PackedNgrams[] packed;

    private final NgramDictionary dictionary;
    private final SegmentNgrams[] ngrams;
    private final int[][] lengths;
    private final String nrefs;

    BleuReferences(Bleu bleu, List<List<String>> referenceStreams) {
        this.bleu = bleu;
        this.maxOrder = bleu.options().maxNgramOrder();
        int segments = MtReferences.segmentCount(referenceStreams);
        lengths = new int[segments][];
        int[] refsPerSegment = new int[segments];
        // tokenizing and interning words, on all cores for a large corpus (the vocabulary is thread-safe)
        List<int[][]> ids = ParallelSegments.map(segments, () -> null, (unused, i) -> {
            List<String> refs = MtReferences.referencesOf(referenceStreams, i);
            int[][] words = new int[refs.size()][];
            for (int r = 0; r < words.length; r++) {
                String[] tokens = bleu.tokens(refs.get(r));
                words[r] = new int[tokens.length];
                for (int t = 0; t < tokens.length; t++) {
                    words[r][t] = vocabulary.intern(tokens[t]);
                }
            }
            return words;
        });
        for (int i = 0; i < segments; i++) {
            int[][] refs = ids.get(i);
            refsPerSegment[i] = refs.length;
            lengths[i] = new int[refs.length];
            for (int r = 0; r < refs.length; r++) {
                lengths[i][r] = refs[r].length;
            }
        }
        if (maxOrder <= PackedNgrams.MAX_ORDER && vocabulary.size() <= PackedNgrams.MAX_VOCABULARY) {
            // counting needs no shared state: every segment on any core
            packed = ParallelSegments.map(segments, Scratch::new, (scratch, i) -> packedNgrams(ids.get(i), scratch))
                    .toArray(PackedNgrams[]::new);
            dictionary = null;
            ngrams = null;
        } else {
            packed = null;
            dictionary = new NgramDictionary();
            ngrams = new SegmentNgrams[segments];
            // the trie interns in segment order, on one thread
            int[] buffer = new int[256];
            for (int i = 0; i < segments; i++) {
                SegmentNgrams merged = null;
                for (int[] words : ids.get(i)) {
                    if (buffer.length < words.length * maxOrder) {
                        buffer = new int[words.length * maxOrder * 2];
                    }
                    int count = dictionary.ngramIds(words, words.length, maxOrder, true, buffer);
                    SegmentNgrams counted = SegmentNgrams.count(buffer, count);
                    merged = merged == null ? counted : SegmentNgrams.max(merged, counted);
                }
                ngrams[i] = merged;
            }
        }
        nrefs = MtReferences.nrefs(refsPerSegment);
    }

    private PackedNgrams packedNgrams(int[][] refs, Scratch scratch) {
        PackedNgrams merged = null;
        for (int[] words : refs) {
            long[] keys = scratch.keys(words.length * maxOrder);
            int count = PackedNgrams.keys(words, words.length, maxOrder, keys);
            PackedNgrams counted = PackedNgrams.count(keys, count);
            merged = merged == null ? counted : PackedNgrams.max(merged, counted);
        }
        return merged;
    }

    @Override
    public int segmentCount() {
        return lengths.length;
    }

    /** sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp}. */
    @Override
    public String signature() {
        return bleu.options().signature(nrefs);
    }

    /** Corpus BLEU of a system: one hypothesis per reference segment. */
    @Override
    public BleuScore corpusScore(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), lengths.length);
        long[] sum = new long[2 + 2 * maxOrder];
        for (long[] stats : ParallelSegments.map(
                lengths.length, Scratch::new, (scratch, i) -> statistics(i, hypotheses.get(i), scratch))) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return bleu.scoreFromStatistics(sum);
    }

    /** BLEU of every segment on its own, with this metric's options. */
    @Override
    public List<BleuScore> sentenceScores(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), lengths.length);
        List<BleuScore> scores = new ArrayList<>(hypotheses.size());
        Scratch scratch = new Scratch();
        for (int i = 0; i < lengths.length; i++) {
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
        long[] correct = new long[maxOrder];
        if (packed != null) {
            long[] keys = scratch.keys(n * maxOrder);
            int count = PackedNgrams.keys(ids, n, maxOrder, keys);
            java.util.Arrays.sort(keys, 0, count);
            packed[i].addClippedMatches(keys, count, correct);
        } else {
            int[] buffer = scratch.ngrams(n * maxOrder);
            int count = dictionary.ngramIds(ids, n, maxOrder, false, buffer);
            java.util.Arrays.sort(buffer, 0, count);
            ngrams[i].addClippedMatches(buffer, count, dictionary, correct);
        }
        long[] stats = new long[2 + 2 * maxOrder];
        stats[0] = n;
        stats[1] = Bleu.closestReferenceLength(n, lengths[i]);
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
        private long[] keys = new long[512];

        long[] keys(int size) {
            if (keys.length < size) {
                keys = new long[size * 2];
            }
            return keys;
        }

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
