package org.slmcluster.evaluators.rouge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * ROUGE scores exactly as Google's rouge-score ({@code rouge_score/rouge_scorer.py}) computes them:
 * same tokenizer and optional NLTK Porter stemmer, n-gram precision/recall over clipped counts,
 * ROUGE-L from the LCS table, ROUGE-Lsum from the union LCS of each reference sentence against all
 * candidate sentences (sentences separated by '\n', hits de-duplicated by token counts as ROUGE-1.5.5),
 * and for several references the per-type score with the highest F1 ({@code score_multi}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RougeScorer {

    private final List<RougeType> types;
    private final RougeTokenizer tokenizer;

    public RougeScorer(List<RougeType> types, boolean useStemmer) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("at least one rouge type is needed");
        }
        this.types = List.copyOf(types);
        this.tokenizer = new RougeTokenizer(useStemmer);
    }

    public List<RougeType> types() {
        return types;
    }

    /** Scores of each type, in the order the types were given (rouge-score's {@code score(target, prediction)}). */
    public Map<String, RougeScore> score(String target, String prediction) {
        List<String> targetTokens = null;
        List<String> predictionTokens = null;
        Map<String, RougeScore> result = new LinkedHashMap<>();
        for (RougeType type : types) {
            RougeScore score;
            if (type.equals(RougeType.ROUGE_LSUM)) {
                score = summaryLevelLcs(sentenceTokens(target), sentenceTokens(prediction));
            } else {
                if (targetTokens == null) {
                    targetTokens = tokenizer.tokenize(target);
                    predictionTokens = tokenizer.tokenize(prediction);
                }
                score = type.isNgram()
                        ? scoreNgrams(targetTokens, predictionTokens, type.n())
                        : scoreLcs(targetTokens, predictionTokens);
            }
            result.put(type.name(), score);
        }
        return result;
    }

    /**
     * The best score per type over several targets: for each type independently, the target whose
     * F1 is highest (the first one on ties), as rouge-score's {@code score_multi}.
     */
    public Map<String, RougeScore> scoreMulti(List<String> targets, String prediction) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is needed");
        }
        List<Map<String, RougeScore>> all = new ArrayList<>(targets.size());
        for (String target : targets) {
            all.add(score(target, prediction));
        }
        Map<String, RougeScore> best = new LinkedHashMap<>();
        for (RougeType type : types) {
            RougeScore max = null;
            for (Map<String, RougeScore> scores : all) {
                RougeScore s = scores.get(type.name());
                if (max == null || s.fmeasure() > max.fmeasure()) {
                    max = s;
                }
            }
            best.put(type.name(), max);
        }
        return best;
    }

    private List<List<String>> sentenceTokens(String text) {
        List<List<String>> sentences = new ArrayList<>();
        for (String sentence : text.split("\n", -1)) {
            if (!sentence.isEmpty()) {
                sentences.add(tokenizer.tokenize(sentence));
            }
        }
        return sentences;
    }

    static RougeScore scoreNgrams(List<String> target, List<String> prediction, int n) {
        Map<List<String>, Integer> targetCounts = ngramCounts(target, n);
        Map<List<String>, Integer> predictionCounts = ngramCounts(prediction, n);
        int overlap = 0;
        for (Map.Entry<List<String>, Integer> e : targetCounts.entrySet()) {
            overlap += Math.min(e.getValue(), predictionCounts.getOrDefault(e.getKey(), 0));
        }
        int targetTotal = Math.max(target.size() - n + 1, 0);
        int predictionTotal = Math.max(prediction.size() - n + 1, 0);
        double precision = (double) overlap / Math.max(predictionTotal, 1);
        double recall = (double) overlap / Math.max(targetTotal, 1);
        return RougeScore.of(precision, recall);
    }

    private static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }

    static RougeScore scoreLcs(List<String> target, List<String> prediction) {
        if (target.isEmpty() || prediction.isEmpty()) {
            return RougeScore.ZERO;
        }
        int lcs = lcsLength(target, prediction);
        return RougeScore.of((double) lcs / prediction.size(), (double) lcs / target.size());
    }

    /** Length of the longest common subsequence, in O(min) memory. */
    static int lcsLength(List<String> ref, List<String> can) {
        int cols = can.size();
        int[] previous = new int[cols + 1];
        int[] current = new int[cols + 1];
        for (String r : ref) {
            for (int j = 1; j <= cols; j++) {
                current[j] = r.equals(can.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[cols];
    }

    /** rouge-score's {@code _lcs_table}: the full DP table, needed to read one LCS back. */
    static int[][] lcsTable(List<String> ref, List<String> can) {
        int rows = ref.size();
        int cols = can.size();
        int[][] table = new int[rows + 1][cols + 1];
        for (int i = 1; i <= rows; i++) {
            for (int j = 1; j <= cols; j++) {
                table[i][j] = ref.get(i - 1).equals(can.get(j - 1))
                        ? table[i - 1][j - 1] + 1
                        : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        return table;
    }

    /** rouge-score's {@code _backtrack_norec}: indices into ref of one LCS, with its tie-breaking. */
    static List<Integer> lcsIndices(List<String> ref, List<String> can) {
        int[][] t = lcsTable(ref, can);
        int i = ref.size();
        int j = can.size();
        List<Integer> reversed = new ArrayList<>();
        while (i > 0 && j > 0) {
            if (ref.get(i - 1).equals(can.get(j - 1))) {
                reversed.add(i - 1);
                i--;
                j--;
            } else if (t[i][j - 1] > t[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        List<Integer> lcs = new ArrayList<>(reversed.size());
        for (int k = reversed.size() - 1; k >= 0; k--) {
            lcs.add(reversed.get(k));
        }
        return lcs;
    }

    /** rouge-score's {@code _union_lcs}: tokens of ref in the union of its LCS with each candidate sentence. */
    static List<String> unionLcs(List<String> ref, List<List<String>> candidates) {
        TreeSet<Integer> union = new TreeSet<>();
        for (List<String> candidate : candidates) {
            union.addAll(lcsIndices(ref, candidate));
        }
        List<String> tokens = new ArrayList<>(union.size());
        for (int index : union) {
            tokens.add(ref.get(index));
        }
        return tokens;
    }

    /**
     * rouge-score's {@code _summary_level_lcs}: for each reference sentence, the union of its LCS with every
     * candidate sentence; a token of that union is a hit while both the candidate and the reference still
     * have an unused occurrence of it (ROUGE-1.5.5's de-duplication). Tokens are mapped to ids so the
     * tables are plain int arrays.
     */
    static RougeScore summaryLevelLcs(List<List<String>> refSentences, List<List<String>> canSentences) {
        if (refSentences.isEmpty() || canSentences.isEmpty()) {
            return RougeScore.ZERO;
        }
        Map<String, Integer> ids = new HashMap<>();
        int[][] refs = toIds(refSentences, ids);
        int[][] cans = toIds(canSentences, ids);
        int m = 0;
        int n = 0;
        int[] refCounts = new int[ids.size()];
        int[] canCounts = new int[ids.size()];
        for (int[] s : refs) {
            m += s.length;
            for (int t : s) {
                refCounts[t]++;
            }
        }
        for (int[] s : cans) {
            n += s.length;
            for (int t : s) {
                canCounts[t]++;
            }
        }
        if (m == 0 || n == 0) {
            return RougeScore.ZERO;
        }
        int hits = 0;
        for (int[] ref : refs) {
            boolean[] inUnion = new boolean[ref.length];
            for (int[] can : cans) {
                markLcs(ref, can, inUnion);
            }
            for (int k = 0; k < ref.length; k++) {
                int t = ref[k];
                if (inUnion[k] && canCounts[t] > 0 && refCounts[t] > 0) {
                    hits++;
                    canCounts[t]--;
                    refCounts[t]--;
                }
            }
        }
        return RougeScore.of((double) hits / n, (double) hits / m);
    }

    private static int[][] toIds(List<List<String>> sentences, Map<String, Integer> ids) {
        int[][] out = new int[sentences.size()][];
        for (int s = 0; s < sentences.size(); s++) {
            List<String> sentence = sentences.get(s);
            int[] row = new int[sentence.size()];
            for (int k = 0; k < row.length; k++) {
                Integer id = ids.get(sentence.get(k));
                if (id == null) {
                    id = ids.size();
                    ids.put(sentence.get(k), id);
                }
                row[k] = id;
            }
            out[s] = row;
        }
        return out;
    }

    /** Marks in {@code inUnion} the ref positions of the LCS that {@code _backtrack_norec} reads back. */
    private static void markLcs(int[] ref, int[] can, boolean[] inUnion) {
        int rows = ref.length;
        int cols = can.length;
        if (rows == 0 || cols == 0) {
            return;
        }
        int width = cols + 1;
        int[] t = new int[(rows + 1) * width];
        for (int i = 1; i <= rows; i++) {
            int r = ref[i - 1];
            int row = i * width;
            int up = (i - 1) * width;
            for (int j = 1; j <= cols; j++) {
                t[row + j] = r == can[j - 1] ? t[up + j - 1] + 1 : Math.max(t[up + j], t[row + j - 1]);
            }
        }
        int i = rows;
        int j = cols;
        while (i > 0 && j > 0) {
            if (ref[i - 1] == can[j - 1]) {
                inUnion[i - 1] = true;
                i--;
                j--;
            } else if (t[i * width + j - 1] > t[(i - 1) * width + j]) {
                j--;
            } else {
                i--;
            }
        }
    }
}
