package org.slmcluster.evaluators.seqeval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entity-level precision, recall and F1 as seqeval 1.2 computes them ({@code seqeval/metrics}):
 * chunks are compared as exact (type, span) matches; per type, precision = tp / predicted and
 * recall = tp / true, with seqeval's default {@code zero_division="warn"} (a zero denominator gives 0);
 * F1 = 2PR / (P + R), 0 when P + R = 0. Micro averages pool the counts; macro averages are the plain
 * mean over types; weighted averages weight by true counts (all 0 when there is no true chunk).
 */
public final class Seqeval {

    private Seqeval() {}

    /**
     * The full report.
     *
     * @param scheme used in strict mode only; null there means seqeval's {@code auto_detect}
     */
    public static SeqevalReport evaluate(
            List<List<String>> yTrue,
            List<List<String>> yPred,
            SeqevalReport.Mode mode,
            Scheme scheme,
            boolean suffix) {
        checkConsistentLength(yTrue, yPred);
        Map<String, Set<List<Integer>>> trueByType = new TreeMap<>();
        Map<String, Set<List<Integer>>> predByType = new TreeMap<>();
        if (mode == SeqevalReport.Mode.STRICT) {
            Scheme effective = scheme != null ? scheme : Scheme.autoDetect(yTrue, suffix);
            collect(EntityExtraction.strictEntities(yTrue, effective, suffix), trueByType);
            collect(EntityExtraction.strictEntities(yPred, effective, suffix), predByType);
        } else {
            collect(EntityExtraction.defaultEntities(yTrue, suffix), trueByType);
            collect(EntityExtraction.defaultEntities(yPred, suffix), predByType);
        }
        TreeSet<String> types = new TreeSet<>(trueByType.keySet());
        types.addAll(predByType.keySet());

        Map<String, TypeScore> perType = new LinkedHashMap<>();
        long tpSum = 0;
        long predSum = 0;
        long trueSum = 0;
        for (String type : types) {
            Set<List<Integer>> t = trueByType.getOrDefault(type, Set.of());
            Set<List<Integer>> p = predByType.getOrDefault(type, Set.of());
            Set<List<Integer>> common = new HashSet<>(t);
            common.retainAll(p);
            perType.put(type, score(common.size(), p.size(), t.size()));
            tpSum += common.size();
            predSum += p.size();
            trueSum += t.size();
        }
        TypeScore micro = score(tpSum, predSum, trueSum);
        TypeScore macro = macro(perType, (int) trueSum);
        TypeScore weighted = weighted(perType, (int) trueSum);
        return new SeqevalReport(perType, micro, macro, weighted, accuracy(yTrue, yPred));
    }

    private static void collect(List<Entity> entities, Map<String, Set<List<Integer>>> byType) {
        for (Entity e : entities) {
            byType.computeIfAbsent(e.type(), k -> new HashSet<>()).add(List.of(e.sentence(), e.start(), e.end()));
        }
    }

    private static TypeScore score(long tp, long pred, long truth) {
        double precision = pred == 0 ? 0.0 : (double) tp / pred;
        double recall = truth == 0 ? 0.0 : (double) tp / truth;
        return new TypeScore(precision, recall, f1(precision, recall), (int) truth);
    }

    private static double f1(double precision, double recall) {
        double denominator = precision + recall;
        return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
    }

    private static TypeScore macro(Map<String, TypeScore> perType, int support) {
        if (perType.isEmpty()) {
            return new TypeScore(Double.NaN, Double.NaN, Double.NaN, support);
        }
        double p = 0;
        double r = 0;
        double f = 0;
        for (TypeScore s : perType.values()) {
            p += s.precision();
            r += s.recall();
            f += s.f1();
        }
        int n = perType.size();
        return new TypeScore(p / n, r / n, f / n, support);
    }

    private static TypeScore weighted(Map<String, TypeScore> perType, int support) {
        if (support == 0) {
            return new TypeScore(0.0, 0.0, 0.0, 0);
        }
        double p = 0;
        double r = 0;
        double f = 0;
        for (TypeScore s : perType.values()) {
            p += s.precision() * s.support();
            r += s.recall() * s.support();
            f += s.f1() * s.support();
        }
        return new TypeScore(p / support, r / support, f / support, support);
    }

    /** seqeval's {@code accuracy_score}: the share of tokens whose tags are equal. */
    public static double accuracy(List<List<String>> yTrue, List<List<String>> yPred) {
        long correct = 0;
        long total = 0;
        for (int i = 0; i < yTrue.size(); i++) {
            List<String> t = yTrue.get(i);
            List<String> p = yPred.get(i);
            for (int j = 0; j < t.size(); j++) {
                if (t.get(j).equals(p.get(j))) {
                    correct++;
                }
                total++;
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    private static void checkConsistentLength(List<List<String>> yTrue, List<List<String>> yPred) {
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException("Found input variables with inconsistent numbers of samples: "
                    + yTrue.size() + " true sentences, " + yPred.size() + " predicted");
        }
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < yTrue.size(); i++) {
            if (yTrue.get(i).size() != yPred.get(i).size()) {
                bad.add(i);
            }
        }
        if (!bad.isEmpty()) {
            int i = bad.get(0);
            throw new IllegalArgumentException("sentence " + (i + 1) + " has "
                    + yTrue.get(i).size() + " true tags but " + yPred.get(i).size() + " predicted tags");
        }
    }
}
