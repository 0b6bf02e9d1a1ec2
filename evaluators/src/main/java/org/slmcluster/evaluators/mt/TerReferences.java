package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;

/** References tokenized once for TER: per segment and reference, the word ids. Immutable once built. */
public final class TerReferences implements PreparedReferences<TerScore> {

    private final Ter ter;
    private final Vocabulary vocabulary = new Vocabulary();
    /** [segment][reference][word] */
    private final int[][][] words;

    private final String nrefs;

    TerReferences(Ter ter, List<List<String>> referenceStreams) {
        this.ter = ter;
        int segments = MtReferences.segmentCount(referenceStreams);
        words = new int[segments][][];
        int[] refsPerSegment = new int[segments];
        // tokenizing on all cores (independent per segment); interning stays in segment order
        List<String[][]> tokenized = MtReferences.tokenized(referenceStreams, segments, ter::words);
        for (int i = 0; i < segments; i++) {
            String[][] refs = tokenized.get(i);
            refsPerSegment[i] = refs.length;
            words[i] = new int[refs.length][];
            for (int r = 0; r < refs.length; r++) {
                String[] tokens = refs[r];
                int[] ids = new int[tokens.length];
                for (int t = 0; t < tokens.length; t++) {
                    ids[t] = vocabulary.intern(tokens[t]);
                }
                words[i][r] = ids;
            }
        }
        nrefs = MtReferences.nrefs(refsPerSegment);
    }

    @Override
    public int segmentCount() {
        return words.length;
    }

    @Override
    public String signature() {
        return ter.options().signature(nrefs);
    }

    @Override
    public TerScore corpusScore(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), words.length);
        long edits = 0;
        double refLength = 0;
        // computed on all cores, summed in segment order: the same doubles added in the same order
        for (double[] stats :
                ParallelSegments.map(words.length, () -> null, (unused, i) -> statistics(i, hypotheses.get(i)))) {
            edits += (long) stats[0];
            refLength += stats[1];
        }
        return Ter.scoreFromStatistics(edits, refLength);
    }

    @Override
    public List<TerScore> sentenceScores(List<String> hypotheses) {
        MtReferences.checkHypothesisCount(hypotheses.size(), words.length);
        List<TerScore> scores = new ArrayList<>(hypotheses.size());
        for (int i = 0; i < words.length; i++) {
            scores.add(sentenceScore(i, hypotheses.get(i)));
        }
        return scores;
    }

    @Override
    public TerScore sentenceScore(int segment, String hypothesis) {
        double[] stats = statistics(segment, hypothesis);
        return Ter.scoreFromStatistics((long) stats[0], stats[1]);
    }

    /** {@code [fewest edits over the references, average reference length]}. */
    double[] statistics(int i, String hypothesis) {
        String[] tokens = ter.words(hypothesis);
        int[] hyp = new int[tokens.length];
        for (int t = 0; t < tokens.length; t++) {
            hyp[t] = vocabulary.lookup(tokens[t]);
        }
        long best = (long) 1e16;
        long refLengths = 0;
        for (int[] ref : words[i]) {
            int edits = TranslationEditRate.edits(hyp, ref);
            refLengths += ref.length;
            if (edits < best) {
                best = edits;
            }
        }
        return new double[] {best, (double) refLengths / words[i].length};
    }
}
