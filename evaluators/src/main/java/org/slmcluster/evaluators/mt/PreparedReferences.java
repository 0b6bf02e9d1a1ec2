package org.slmcluster.evaluators.mt;

import java.util.List;

/** References whose statistics are computed once, ready to score systems (sacreBLEU's cached references). */
public interface PreparedReferences<S extends MtScore> {

    int segmentCount();

    /** sacreBLEU's signature of the metric and its options, e.g. {@code nrefs:1|case:mixed|...}. */
    String signature();

    /** The corpus score, from the statistics of every segment summed. */
    S corpusScore(List<String> hypotheses);

    /** One score per segment, in order. */
    List<S> sentenceScores(List<String> hypotheses);

    /** The score of segment {@code segment} (0-based) for {@code hypothesis}. */
    S sentenceScore(int segment, String hypothesis);
}
