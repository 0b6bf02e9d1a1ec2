package org.slmcluster.evaluators.mt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelSegmentsTest {

    @Test
    void resultsStayInSegmentOrderWithOneScratchPerThread() {
        int count = 10 * ParallelSegments.MIN_SEGMENTS_PER_THREAD + 7;
        var scratches = ConcurrentHashMap.<Object>newKeySet();
        List<Integer> squares = ParallelSegments.map(count, Object::new, (scratch, i) -> {
            scratches.add(scratch);
            return i * i;
        });
        assertThat(squares)
                .isEqualTo(IntStream.range(0, count).map(i -> i * i).boxed().toList());
        assertThat(scratches).hasSize(ParallelSegments.threadsFor(count));
    }

    @Test
    void smallCorporaStayOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = ParallelSegments.map(
                ParallelSegments.MIN_SEGMENTS_PER_THREAD, () -> null, (unused, i) -> Thread.currentThread() == caller);
        assertThat(onCaller).containsOnly(true).hasSize(ParallelSegments.MIN_SEGMENTS_PER_THREAD);
        assertThat(ParallelSegments.map(0, () -> null, (unused, i) -> i)).isEmpty();
    }

    @Test
    void corpusScoresOfALargeCorpusEqualTheSumOfSegmentStatisticsInOrder() {
        List<String> refs = new ArrayList<>();
        List<String> hyps = new ArrayList<>();
        for (int i = 0; i < 4 * ParallelSegments.MIN_SEGMENTS_PER_THREAD; i++) {
            refs.add("the cat " + i + " sat on the mat number " + (i % 97) + " today.");
            hyps.add("a cat " + (i % 13) + " sat on mat number " + (i % 89) + " today");
        }
        TerReferences ter = new Ter().prepare(List.of(refs));
        long edits = 0;
        double refLength = 0;
        for (int i = 0; i < hyps.size(); i++) {
            double[] stats = ter.statistics(i, hyps.get(i));
            edits += (long) stats[0];
            refLength += stats[1];
        }
        assertThat(ter.corpusScore(hyps).score())
                .isEqualTo(Ter.scoreFromStatistics(edits, refLength).score());

        BleuReferences bleu = new Bleu().prepare(List.of(refs));
        long[] sum = new long[10];
        BleuReferences.Scratch scratch = new BleuReferences.Scratch();
        for (int i = 0; i < hyps.size(); i++) {
            long[] stats = bleu.statistics(i, hyps.get(i), scratch);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        assertThat(bleu.corpusScore(hyps).score())
                .isEqualTo(new Bleu().scoreFromStatistics(sum).score());
    }
}
