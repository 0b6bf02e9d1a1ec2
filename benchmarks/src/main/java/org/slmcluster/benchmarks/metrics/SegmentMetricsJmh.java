package org.slmcluster.benchmarks.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slmcluster.evaluators.mt.Bleu;
import org.slmcluster.evaluators.mt.BleuOptions;
import org.slmcluster.evaluators.mt.BleuReferences;
import org.slmcluster.evaluators.mt.Chrf;
import org.slmcluster.evaluators.mt.ChrfOptions;
import org.slmcluster.evaluators.mt.ChrfReferences;

/**
 * Per-segment BLEU (effective order, as for sentence BLEU) and chrF++ on WMT17 en-de (online-B vs the
 * reference), references prepared once; each invocation scores the next segment, cycling through all 3004.
 * Also the cost with reference preparation included ({@code *Unprepared}), as a one-off sentence score pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentMetricsJmh {

    private List<String> hyps;
    private List<String> refs;
    private BleuReferences bleu;
    private ChrfReferences chrf;
    private Bleu sentenceBleu;
    private Chrf chrfPlusPlus;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        Wmt17Corpus corpus = Wmt17Corpus.load(Wmt17Corpus.defaultFile());
        hyps = corpus.systems().get("newstest2017.online-B.0.en-de");
        refs = corpus.reference();
        sentenceBleu = new Bleu(BleuOptions.defaults().withEffectiveOrder(true));
        chrfPlusPlus = new Chrf(ChrfOptions.chrfPlusPlus());
        bleu = sentenceBleu.prepare(List.of(refs));
        chrf = chrfPlusPlus.prepare(List.of(refs));
    }

    private int nextSegment() {
        int i = next;
        next = (next + 1) % hyps.size();
        return i;
    }

    @Benchmark
    public double bleuSegment() {
        int i = nextSegment();
        return bleu.sentenceScore(i, hyps.get(i)).score();
    }

    @Benchmark
    public double chrfPlusPlusSegment() {
        int i = nextSegment();
        return chrf.sentenceScore(i, hyps.get(i)).score();
    }

    @Benchmark
    public double bleuSegmentUnprepared() {
        int i = nextSegment();
        return sentenceBleu.sentenceScore(hyps.get(i), List.of(refs.get(i))).score();
    }

    @Benchmark
    public double chrfPlusPlusSegmentUnprepared() {
        int i = nextSegment();
        return chrfPlusPlus.sentenceScore(hyps.get(i), List.of(refs.get(i))).score();
    }
}
