package org.slmcluster.evaluators.ner;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The NER score of the platform's source study.
 *
 * <p>Matching, one-to-one and greedy in answer order: first every predicted entity takes the first
 * unmatched gold entity with the same type (case-insensitive) and the exact same text (after trimming
 * and collapsing whitespace; case-sensitive) - a Correct. Then every remaining predicted entity takes
 * the first remaining gold entity with the same type whose text overlaps - a Partial. Two texts overlap
 * when they share at least one word, words being maximal runs of letters or digits compared
 * case-insensitively (so "obama" partially matches "Barack Obama", and a case-only difference is
 * Partial, not Correct). Each gold and each predicted entity is used at most once.
 */
public final class NerScorer {

    private final EntityAnswerParser parser;

    public NerScorer(Set<String> requestedTypes) {
        this.parser = new EntityAnswerParser(requestedTypes);
    }

    public EntityAnswerParser parser() {
        return parser;
    }

    public NerAnswerScore score(String answer, List<NamedEntity> gold) {
        return score(parser.parse(answer), gold);
    }

    public static NerAnswerScore score(ParsedAnswer parsed, List<NamedEntity> gold) {
        if (parsed.parseFailed()) {
            return new NerAnswerScore(0, 0, gold.size(), 0, parsed.hasExtraContent(), parsed.failureReason(), 0, 0);
        }
        List<NamedEntity> predicted = parsed.entities();
        boolean[] goldUsed = new boolean[gold.size()];
        boolean[] predUsed = new boolean[predicted.size()];
        int correct = 0;
        for (int p = 0; p < predicted.size(); p++) {
            for (int g = 0; g < gold.size(); g++) {
                if (!goldUsed[g]
                        && sameType(predicted.get(p), gold.get(g))
                        && normalizeSpaces(predicted.get(p).text())
                                .equals(normalizeSpaces(gold.get(g).text()))) {
                    goldUsed[g] = true;
                    predUsed[p] = true;
                    correct++;
                    break;
                }
            }
        }
        int partial = 0;
        for (int p = 0; p < predicted.size(); p++) {
            if (predUsed[p]) {
                continue;
            }
            Set<String> predWords = words(predicted.get(p).text());
            for (int g = 0; g < gold.size(); g++) {
                if (!goldUsed[g]
                        && sameType(predicted.get(p), gold.get(g))
                        && overlaps(predWords, words(gold.get(g).text()))) {
                    goldUsed[g] = true;
                    predUsed[p] = true;
                    partial++;
                    break;
                }
            }
        }
        double rBase;
        if (gold.isEmpty()) {
            rBase = predicted.isEmpty() ? 1.0 : 0.0;
        } else {
            rBase = (correct + 0.5 * partial) / gold.size();
        }
        double rFinal = parsed.hasExtraContent() ? rBase / 2 : rBase;
        return new NerAnswerScore(
                correct, partial, gold.size(), predicted.size(), parsed.hasExtraContent(), null, rBase, rFinal);
    }

    public NerCorpusScore scoreAll(List<String> answers, List<List<NamedEntity>> golds) {
        if (answers.size() != golds.size()) {
            throw new IllegalArgumentException(answers.size() + " answers but " + golds.size() + " gold lists");
        }
        List<NerAnswerScore> scores = new ArrayList<>(answers.size());
        double sumFinal = 0;
        double sumBase = 0;
        int correct = 0;
        int partial = 0;
        int totalTrue = 0;
        int failures = 0;
        int extra = 0;
        for (int i = 0; i < answers.size(); i++) {
            NerAnswerScore s = score(answers.get(i), golds.get(i));
            scores.add(s);
            sumFinal += s.rFinal();
            sumBase += s.rBase();
            correct += s.correct();
            partial += s.partial();
            totalTrue += s.totalTrue();
            failures += s.parseFailed() ? 1 : 0;
            extra += s.extraContent() ? 1 : 0;
        }
        int n = answers.size();
        double pooled = totalTrue == 0 ? Double.NaN : (correct + 0.5 * partial) / totalTrue;
        return new NerCorpusScore(
                n == 0 ? Double.NaN : sumFinal / n,
                n == 0 ? Double.NaN : sumBase / n,
                pooled,
                correct,
                partial,
                totalTrue,
                failures,
                n == 0 ? Double.NaN : (double) failures / n,
                n == 0 ? Double.NaN : (double) extra / n,
                scores);
    }

    private static boolean sameType(NamedEntity a, NamedEntity b) {
        return a.type().strip().equalsIgnoreCase(b.type().strip());
    }

    private static String normalizeSpaces(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    static Set<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Set<String> words = new HashSet<>();
        int i = 0;
        int n = folded.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(folded.codePointAt(i))) {
                i += Character.charCount(folded.codePointAt(i));
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(folded.codePointAt(i))) {
                i += Character.charCount(folded.codePointAt(i));
            }
            if (i > start) {
                words.add(folded.substring(start, i));
            }
        }
        return words;
    }

    private static boolean overlaps(Set<String> a, Set<String> b) {
        for (String w : a) {
            if (b.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
