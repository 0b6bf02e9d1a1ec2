package org.slmcluster.benchmarks.textmetrics;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slmcluster.evaluators.rouge.RougeScore;
import org.slmcluster.evaluators.rouge.RougeScorer;
import org.slmcluster.evaluators.rouge.RougeType;

/**
 * Per-segment ROUGE-L (tokenizing both sides, optional Porter stemming, LCS) on synthetic news-like
 * segments of about 25 words. Throughput is segments per second. Run:
 * {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main RougeLBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RougeLBenchmark {

    private static final String[] WORDS = ("the a of to in and government said minister would people year new "
                    + "running elections announced national officials reported increasing economic growth city police "
                    + "players played match season team winning championship company shares markets investors "
                    + "international organizations development negotiations agreement")
            .split("\\s+");

    @Param({"false", "true"})
    public boolean useStemmer;

    @Param({"25"})
    public int words;

    private RougeScorer rougeL;
    private RougeScorer rougeLsum;
    private String[] hypotheses;
    private String[] references;
    private int next;

    @Setup
    public void setUp() {
        rougeL = new RougeScorer(List.of(RougeType.ROUGE_L), useStemmer);
        rougeLsum = new RougeScorer(List.of(RougeType.ROUGE_LSUM), useStemmer);
        SplittableRandom random = new SplittableRandom(42);
        hypotheses = new String[1024];
        references = new String[1024];
        for (int i = 0; i < hypotheses.length; i++) {
            hypotheses[i] = sentence(random, words);
            references[i] = sentence(random, words);
        }
    }

    private static String sentence(SplittableRandom random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < length; w++) {
            if (w > 0) {
                sb.append(w % 12 == 0 ? "\n" : " ");
            }
            String word = WORDS[random.nextInt(WORDS.length)];
            sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        return sb.append('.').toString();
    }

    @Benchmark
    public RougeScore rougeLPerSegment() {
        int i = next++ & 1023;
        Map<String, RougeScore> s = rougeL.score(references[i], hypotheses[i]);
        return s.get("rougeL");
    }

    @Benchmark
    public RougeScore rougeLsumPerSegment() {
        int i = next++ & 1023;
        return rougeLsum.score(references[i], hypotheses[i]).get("rougeLsum");
    }
}
