package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Checks and reshapes reference streams the way sacreBLEU's {@code Metric._cache_references} reads them. */
final class MtReferences {

    private MtReferences() {}

    /** One reference stream per reference of a single segment. */
    static List<List<String>> singleSegment(List<String> references) {
        if (references == null || references.isEmpty()) {
            throw new IllegalArgumentException("at least one reference is required");
        }
        List<List<String>> streams = new ArrayList<>();
        for (String ref : references) {
            List<String> stream = new ArrayList<>(1);
            stream.add(ref);
            streams.add(stream);
        }
        return streams;
    }

    /** Number of segments, after checking every stream has the same length. */
    static int segmentCount(List<List<String>> streams) {
        if (streams == null || streams.isEmpty()) {
            throw new IllegalArgumentException("at least one reference stream is required");
        }
        int n = streams.get(0).size();
        for (int r = 1; r < streams.size(); r++) {
            if (streams.get(r).size() != n) {
                throw new IllegalArgumentException("reference streams differ in length: " + n + " and "
                        + streams.get(r).size() + " (stream " + (r + 1) + ")");
            }
        }
        return n;
    }

    /** The defined (non-null) references of segment {@code i}; sacreBLEU drops undefined ones. */
    static List<String> referencesOf(List<List<String>> streams, int i) {
        List<String> refs = new ArrayList<>(streams.size());
        for (List<String> stream : streams) {
            String ref = stream.get(i);
            if (ref != null) {
                refs.add(ref);
            }
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("segment " + (i + 1) + " has no reference");
        }
        return refs;
    }

    /**
     * Every segment's references split into tokens by {@code tokenizer}, on all cores for a large corpus
     * (tokenizing is independent per segment; callers intern the tokens afterwards, in segment order).
     */
    static List<String[][]> tokenized(List<List<String>> streams, int segments, Function<String, String[]> tokenizer) {
        return ParallelSegments.map(segments, () -> null, (unused, i) -> {
            List<String> refs = referencesOf(streams, i);
            String[][] tokens = new String[refs.size()][];
            for (int r = 0; r < tokens.length; r++) {
                tokens[r] = tokenizer.apply(refs.get(r));
            }
            return tokens;
        });
    }

    static void checkHypothesisCount(int hypotheses, int segments) {
        if (hypotheses != segments) {
            throw new IllegalArgumentException("hypotheses and references differ in length: " + hypotheses
                    + " hypotheses, " + segments + " reference segments");
        }
    }

    /** sacreBLEU's {@code nrefs} signature value: the count, or {@code var} when it varies. */
    static String nrefs(int[] perSegment) {
        if (perSegment.length == 0) {
            return "0";
        }
        int first = perSegment[0];
        for (int n : perSegment) {
            if (n != first) {
                return "var";
            }
        }
        return Integer.toString(first);
    }
}
