package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Per-segment work of a large corpus spread over the cores: the segments are cut into one contiguous run per
 * thread and each result lands at its segment's index. Callers sum the results in segment order afterwards, so
 * a score is bit for bit what a single loop computes (the sacreBLEU parity tests hold either way). Small
 * corpora stay on the calling thread, where starting threads would cost more than it saves. The system property
 * {@code slm.metrics.threads} caps the threads (default: the available processors; 1 = always sequential).
 */
final class ParallelSegments {

    /** Below this many segments per thread, one thread does it all. */
    static final int MIN_SEGMENTS_PER_THREAD = 1_000;

    /** The work for one segment, with per-thread scratch space. */
    @FunctionalInterface
    interface SegmentFunction<C, T> {
        T apply(C scratch, int segment);
    }

    private ParallelSegments() {}

    /** {@code function} of every segment {@code 0..count-1}, in segment order. */
    static <C, T> List<T> map(int count, Supplier<C> scratch, SegmentFunction<C, T> function) {
        int threads = threadsFor(count);
        Object[] results = new Object[count];
        if (threads == 1) {
            fill(results, 0, count, scratch.get(), function);
        } else {
            int chunk = (count + threads - 1) / threads;
            // a parallel stream runs on the common pool plus the calling thread; its end publishes the results
            IntStream.range(0, threads)
                    .parallel()
                    .forEach(t -> fill(results, t * chunk, Math.min(count, (t + 1) * chunk), scratch.get(), function));
        }
        @SuppressWarnings("unchecked") // every slot was filled by function, which returns T
        List<T> list = (List<T>) Arrays.asList(results);
        return new ArrayList<>(list);
    }

    static int threadsFor(int count) {
        return Math.max(1, Math.min(maxThreads(), count / MIN_SEGMENTS_PER_THREAD));
    }

    private static int maxThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return Math.max(1, Integer.getInteger("slm.metrics.threads", cores));
        } catch (SecurityException e) {
            return cores;
        }
    }

    private static <C, T> void fill(Object[] results, int from, int to, C scratch, SegmentFunction<C, T> function) {
        for (int i = from; i < to; i++) {
            results[i] = function.apply(scratch, i);
        }
    }
}
