package org.slmcluster.evaluators.bertscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.slmcluster.evaluators.encoder.EncodedText;
import org.slmcluster.evaluators.encoder.TokenEncoder;

/**
 * BERTScore's arithmetic on hand-made 2-d token vectors, independent of any model. Each expected
 * value is worked out by hand in the comments (cosines of the normalised vectors, greedy maxima over
 * all tokens of the other side, [CLS] / [SEP] included, weights excluding specials).
 */
class BertScoreMathTest {

    private static final Offset<Double> EXACT = within(1e-9);
    private static final long CLS = 101;
    private static final long SEP = 102;

    /** Hand-made "encoder": a text maps to fixed token ids and vectors. */
    private static final class TableEncoder implements TokenEncoder {
        private final Map<String, EncodedText> table = new HashMap<>();

        TableEncoder put(String text, long[] contentIds, float[][] contentVectors) {
            int n = contentIds.length + 2;
            long[] ids = new long[n];
            boolean[] special = new boolean[n];
            float[][] vectors = new float[n][];
            ids[0] = CLS;
            special[0] = true;
            vectors[0] = new float[] {1, 0};
            for (int i = 0; i < contentIds.length; i++) {
                ids[i + 1] = contentIds[i];
                vectors[i + 1] = contentVectors[i];
            }
            ids[n - 1] = SEP;
            special[n - 1] = true;
            vectors[n - 1] = new float[] {1, 0};
            table.put(text, EncodedText.ofVectors(text, ids, special, vectors));
            return this;
        }

        @Override
        public List<EncodedText> encode(List<String> texts) {
            return texts.stream()
                    .map(t -> {
                        EncodedText e = table.get(t);
                        if (e == null) {
                            throw new IllegalArgumentException("no vectors for '" + t + "'");
                        }
                        return e;
                    })
                    .toList();
        }
    }

    // cand1: a = (3,4) -> (0.6, 0.8) id 1; b = (0,2) -> (0, 1) id 4
    // ref1:  a' = (4,3) -> (0.8, 0.6) id 5; c = (0,-1) id 3
    // cand2: e = (1,1) -> (1/sqrt2, 1/sqrt2) id 2
    // ref2:  f = (1,0) id 1; g = (0,1) id 2
    // [CLS] and [SEP] are (1, 0) everywhere.
    private static TableEncoder encoder() {
        return new TableEncoder()
                .put("cand1", new long[] {1, 4}, new float[][] {{3, 4}, {0, 2}})
                .put("ref1", new long[] {5, 3}, new float[][] {{4, 3}, {0, -1}})
                .put("cand2", new long[] {2}, new float[][] {{1, 1}})
                .put("ref2", new long[] {1, 2}, new float[][] {{1, 0}, {0, 1}})
                .put("ref1b", new long[] {6, 7, 8}, new float[][] {{3, 4}, {0, -1}, {0, -1}})
                .put("", new long[] {}, new float[][] {});
    }

    @Test
    void uniformWeightsMatchTheHandComputation() {
        BertScoreResult result = new BertScore(encoder(), BertScoreOptions.defaults())
                .score(List.of("cand1", "cand2"), List.of(List.of("ref1", "ref2")));

        // cand1: a best = max(0.6 [CLS], 0.96 [a'], -0.8 [c], 0.6 [SEP]) = 0.96; b best = max(0, 0.6, -1, 0) = 0.6
        //        P = (0.96 + 0.6) / 2 = 0.78
        // ref1:  a' best = 0.96 (a); c best = max(0 [CLS], -0.8, -1, 0 [SEP]) = 0  -> R = 0.48
        PrecisionRecallF1 first = result.segments().get(0);
        assertThat(first.precision()).isCloseTo(0.78, EXACT);
        assertThat(first.recall()).isCloseTo(0.48, EXACT);
        assertThat(first.f1()).isCloseTo(2 * 0.78 * 0.48 / (0.78 + 0.48), EXACT);

        // cand2: e is 1/sqrt2 from every ref token -> P = 1/sqrt2
        // ref2:  f = (1,0) matches the candidate's [CLS] exactly -> 1; g best = 1/sqrt2 (e) -> R = (1 + 1/sqrt2) / 2
        double s = 1 / Math.sqrt(2);
        PrecisionRecallF1 second = result.segments().get(1);
        assertThat(second.precision()).isCloseTo(s, EXACT);
        assertThat(second.recall()).isCloseTo((1 + s) / 2, EXACT);
        assertThat(second.f1()).isCloseTo(2 * s * ((1 + s) / 2) / (s + (1 + s) / 2), EXACT);

        // The corpus value is the mean of the segment values, for each of P, R, F1.
        assertThat(result.corpus().precision()).isCloseTo((0.78 + s) / 2, EXACT);
        assertThat(result.corpus().recall()).isCloseTo((0.48 + (1 + s) / 2) / 2, EXACT);
        assertThat(result.corpus().f1()).isCloseTo((first.f1() + second.f1()) / 2, EXACT);
        assertThat(result.truncatedTexts()).isZero();
    }

    @Test
    void idfWeightsComeFromTheReferences() {
        BertScoreResult result = new BertScore(
                        encoder(), BertScoreOptions.defaults().withIdf(true))
                .score(List.of("cand1", "cand2"), List.of(List.of("ref1", "ref2")));

        // M = 2 references. df: id5 = 1, id3 = 1 (ref1); id1 = 1, id2 = 1 (ref2); [CLS]/[SEP] = 2.
        // idf = ln(3/2) for ids 1, 2, 3, 5; id 4 appears in no reference: ln(3).
        double seen = Math.log(1.5);
        double unseen = Math.log(3);
        PrecisionRecallF1 first = result.segments().get(0);
        double p1 = (seen * 0.96 + unseen * 0.6) / (seen + unseen);
        double r1 = (seen * 0.96 + seen * 0.0) / (2 * seen);
        assertThat(first.precision()).isCloseTo(p1, EXACT);
        assertThat(first.recall()).isCloseTo(r1, EXACT);
        assertThat(first.f1()).isCloseTo(2 * p1 * r1 / (p1 + r1), EXACT);

        IdfWeights idf = IdfWeights.fromReferences(encoder().tokenize(List.of("ref1", "ref2")));
        assertThat(idf.idf(CLS)).isCloseTo(0.0, EXACT);
        assertThat(idf.idf(5)).isCloseTo(seen, EXACT);
        assertThat(idf.idf(4)).isCloseTo(unseen, EXACT);
        assertThat(idf.documents()).isEqualTo(2);
    }

    @Test
    void severalReferencesMaxEachOfPrecisionRecallAndF1Separately() {
        BertScoreResult result = new BertScore(encoder(), BertScoreOptions.defaults())
                .score(List.of("cand1"), List.of(List.of("ref1"), List.of("ref1b")));

        // Against ref1: P 0.78, R 0.48, F 0.5943.
        // Against ref1b (y = (0.6, 0.8), two tokens (0, -1)): a -> y = 1, b -> y = 0.8, P = 0.9;
        //   y -> a = 1, each (0,-1) -> max(0 [CLS], -0.8, -1, 0 [SEP]) = 0, R = 1/3; F = 0.4865.
        double f1 = 2 * 0.78 * 0.48 / 1.26;
        PrecisionRecallF1 best = result.segments().get(0);
        assertThat(best.precision()).isCloseTo(0.9, EXACT);
        assertThat(best.recall()).isCloseTo(0.48, EXACT);
        assertThat(best.f1()).isCloseTo(f1, EXACT);
        assertThat(2 * 0.9 * (1.0 / 3) / (0.9 + 1.0 / 3)).isLessThan(f1);
    }

    @Test
    void baselineRescalingAppliesToEachValueAfterTheMax() {
        Baseline baseline = Baseline.parse("0.5, 0.25,0.1");
        BertScoreResult result = new BertScore(
                        encoder(), BertScoreOptions.defaults().withBaseline(baseline))
                .score(List.of("cand1"), List.of(List.of("ref1"), List.of("ref1b")));

        PrecisionRecallF1 scaled = result.segments().get(0);
        assertThat(scaled.precision()).isCloseTo((0.9 - 0.5) / 0.5, EXACT);
        assertThat(scaled.recall()).isCloseTo((0.48 - 0.25) / 0.75, EXACT);
        assertThat(scaled.f1()).isCloseTo((2 * 0.78 * 0.48 / 1.26 - 0.1) / 0.9, EXACT);
        assertThat(result.corpus()).isEqualTo(scaled);
    }

    @Test
    void anEmptyCandidateOrReferenceScoresZeroAsBertScoreDoes() {
        BertScoreResult result = new BertScore(encoder(), BertScoreOptions.defaults())
                .score(List.of("  ", "cand1"), List.of(List.of("ref1", "")));

        assertThat(result.segments().get(0)).isEqualTo(new PrecisionRecallF1(0, 0, 0));
        assertThat(result.segments().get(1)).isEqualTo(new PrecisionRecallF1(0, 0, 0));
    }

    @Test
    void identicalVectorsScoreOne() {
        PrecisionRecallF1 same = GreedyMatching.score(
                new float[][] {{1, 2}, {3, -1}}, new double[] {1, 1},
                new float[][] {{2, 4}, {3, -1}}, new double[] {1, 1});
        assertThat(same.precision()).isCloseTo(1.0, EXACT);
        assertThat(same.recall()).isCloseTo(1.0, EXACT);
        assertThat(same.f1()).isCloseTo(1.0, EXACT);
    }

    @Test
    void mismatchedStreamsAndBadBaselinesAreRejected() {
        BertScore scorer = new BertScore(encoder(), BertScoreOptions.defaults());
        assertThatThrownBy(() -> scorer.score(List.of("cand1", "cand2"), List.of(List.of("ref1"))))
                .hasMessageContaining("reference stream 1 has 1 segments but there are 2 candidates");
        assertThatThrownBy(() -> Baseline.parse("0.5,0.5")).hasMessageContaining("three numbers");
        assertThatThrownBy(() -> Baseline.parse("1,0.5,0.5")).hasMessageContaining("below 1");
    }
}
