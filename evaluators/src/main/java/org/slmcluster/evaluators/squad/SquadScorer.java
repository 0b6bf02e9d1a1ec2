package org.slmcluster.evaluators.squad;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1's official evaluate script ({@code evaluate-v1.1.py}): answers normalised by lower-casing,
 * removing ASCII punctuation ({@code string.punctuation}), removing the articles a/an/the as whole
 * words, and collapsing whitespace; exact match and bag-of-tokens F1, each the maximum over the gold
 * answers of a question.
 */
public final class SquadScorer {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadScorer() {}

    public static String normalizeAnswer(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder noPunct = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                noPunct.append(c);
            }
        }
        String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
        return String.join(" ", tokens(noArticles));
    }

    /** Python's {@code str.split()}: runs of whitespace separate, no empty tokens. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isPythonWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isPythonWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isPythonWhitespace(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '\u0085'
                || (c >= '\u001c' && c <= '\u001f');
    }

    public static boolean exactMatch(String prediction, String groundTruth) {
        return normalizeAnswer(prediction).equals(normalizeAnswer(groundTruth));
    }

    public static double f1(String prediction, String groundTruth) {
        List<String> pred = tokens(normalizeAnswer(prediction));
        List<String> gold = tokens(normalizeAnswer(groundTruth));
        Map<String, Integer> goldCounts = new HashMap<>();
        for (String t : gold) {
            goldCounts.merge(t, 1, Integer::sum);
        }
        int same = 0;
        for (String t : pred) {
            Integer c = goldCounts.get(t);
            if (c != null && c > 0) {
                same++;
                goldCounts.put(t, c - 1);
            }
        }
        if (same == 0) {
            return 0.0;
        }
        double precision = (double) same / pred.size();
        double recall = (double) same / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static double maxExactMatch(String prediction, List<String> groundTruths) {
        double best = 0;
        for (String g : groundTruths) {
            best = Math.max(best, exactMatch(prediction, g) ? 1.0 : 0.0);
        }
        return best;
    }

    public static double maxF1(String prediction, List<String> groundTruths) {
        double best = 0;
        for (String g : groundTruths) {
            best = Math.max(best, f1(prediction, g));
        }
        return best;
    }

    /** Corpus scores in percent, as the official script prints them ({@code 100 * mean}). */
    public static SquadResult evaluate(List<String> predictions, List<List<String>> groundTruths) {
        if (predictions.size() != groundTruths.size()) {
            throw new IllegalArgumentException(
                    predictions.size() + " predictions but " + groundTruths.size() + " lists of gold answers");
        }
        double em = 0;
        double f1 = 0;
        List<double[]> perQuestion = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            if (groundTruths.get(i).isEmpty()) {
                throw new IllegalArgumentException("question " + (i + 1) + " has no gold answer");
            }
            double e = maxExactMatch(predictions.get(i), groundTruths.get(i));
            double f = maxF1(predictions.get(i), groundTruths.get(i));
            em += e;
            f1 += f;
            perQuestion.add(new double[] {e, f});
        }
        int n = predictions.size();
        return new SquadResult(
                n == 0 ? Double.NaN : 100.0 * em / n, n == 0 ? Double.NaN : 100.0 * f1 / n, n, perQuestion);
    }

    /** Exact match and F1 in percent, and per question {exact match, F1} in 0..1. */
    public record SquadResult(double exactMatch, double f1, int count, List<double[]> perQuestion) {}
}
