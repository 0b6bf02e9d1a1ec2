package org.slmcluster.evaluators.rouge;

import java.util.Map;

/**
 * The Porter stemmer exactly as NLTK's {@code nltk.stem.porter.PorterStemmer()} computes it in its
 * default mode, {@code NLTK_EXTENSIONS} (the mode rouge-score uses: it calls {@code PorterStemmer()}
 * without arguments). The NLTK extensions over the 1980 paper: a table of irregular forms, words of
 * one or two letters left alone, "ies"/"ied" on four-letter words keep "ie", the y-to-i rule only
 * after a consonant that is not the first letter, "bli" instead of "abli", "alli" handled first and
 * re-run through step 2, "fulli" and "logi" rules, and the cvc test accepting a two-letter vc stem.
 *
 * <p>Input is expected in lower case (rouge-score lowercases before stemming); stateless and
 * thread-safe.
 */
public final class PorterStemmer {

    private static final Map<String, String> IRREGULAR_FORMS = Map.ofEntries(
            Map.entry("sky", "sky"),
            Map.entry("skies", "sky"),
            Map.entry("dying", "die"),
            Map.entry("lying", "lie"),
            Map.entry("tying", "tie"),
            Map.entry("news", "news"),
            Map.entry("innings", "inning"),
            Map.entry("inning", "inning"),
            Map.entry("outings", "outing"),
            Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"),
            Map.entry("canning", "canning"),
            Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"),
            Map.entry("exceed", "exceed"),
            Map.entry("succeed", "succeed"));

    /** A stem condition of a suffix rule; null in a rule means unconditional. */
    @FunctionalInterface
    private interface Condition {
        boolean test(String stem);
    }

    private record Rule(String suffix, String replacement, Condition condition) {}

    private static final String DOUBLE_CONSONANT = "*d";

    public String stem(String word) {
        String irregular = IRREGULAR_FORMS.get(word);
        if (irregular != null) {
            return irregular;
        }
        String stem = word.toLowerCase(java.util.Locale.ROOT);
        if (word.length() <= 2) {
            return stem;
        }
        stem = step1a(stem);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = step3(stem);
        stem = step4(stem);
        stem = step5a(stem);
        stem = step5b(stem);
        return stem;
    }

    private static boolean isVowelLetter(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    static boolean isConsonant(String word, int i) {
        char c = word.charAt(i);
        if (isVowelLetter(c)) {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(word, i - 1);
        }
        return true;
    }

    /** Number of "vc" transitions in the consonant/vowel pattern: Porter's m. */
    static int measure(String stem) {
        int m = 0;
        boolean previousVowel = false;
        for (int i = 0; i < stem.length(); i++) {
            boolean consonant = isConsonant(stem, i);
            if (consonant && previousVowel) {
                m++;
            }
            previousVowel = !consonant;
        }
        return m;
    }

    private static boolean hasPositiveMeasure(String stem) {
        return measure(stem) > 0;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    private static boolean endsCvc(String word) {
        int n = word.length();
        if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)) {
            char last = word.charAt(n - 1);
            if (last != 'w' && last != 'x' && last != 'y') {
                return true;
            }
        }
        return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
    }

    private static String dropSuffix(String word, String suffix) {
        return word.substring(0, word.length() - suffix.length());
    }

    /** The first rule whose suffix matches decides: applied if its condition holds, else the word stays. */
    private static String applyRuleList(String word, Rule... rules) {
        for (Rule rule : rules) {
            if (rule.suffix.equals(DOUBLE_CONSONANT) && endsDoubleConsonant(word)) {
                String stem = word.substring(0, word.length() - 2);
                if (rule.condition == null || rule.condition.test(stem)) {
                    return stem + rule.replacement;
                }
                return word;
            }
            if (word.endsWith(rule.suffix)) {
                String stem = dropSuffix(word, rule.suffix);
                if (rule.condition == null || rule.condition.test(stem)) {
                    return stem + rule.replacement;
                }
                return word;
            }
        }
        return word;
    }

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return dropSuffix(word, "ies") + "ie";
        }
        return applyRuleList(word, STEP1A);
    }

    private static final Rule[] STEP1A = {
        new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null), new Rule("s", "", null)
    };

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return dropSuffix(word, "ied") + (word.length() == 4 ? "ie" : "i");
        }
        if (word.endsWith("eed")) {
            String stem = dropSuffix(word, "eed");
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String intermediate = null;
        for (String suffix : new String[] {"ed", "ing"}) {
            if (word.endsWith(suffix)) {
                String candidate = dropSuffix(word, suffix);
                if (containsVowel(candidate)) {
                    intermediate = candidate;
                    break;
                }
            }
        }
        if (intermediate == null) {
            return word;
        }
        String lastLetter = intermediate.isEmpty() ? "" : intermediate.substring(intermediate.length() - 1);
        return applyRuleList(
                intermediate,
                new Rule("at", "ate", null),
                new Rule("bl", "ble", null),
                new Rule("iz", "ize", null),
                new Rule(
                        DOUBLE_CONSONANT,
                        lastLetter,
                        stem -> !lastLetter.equals("l") && !lastLetter.equals("s") && !lastLetter.equals("z")),
                new Rule("", "e", stem -> measure(stem) == 1 && endsCvc(stem)));
    }

    private static String step1c(String word) {
        return applyRuleList(word, STEP1C);
    }

    private static final Rule[] STEP1C = {
        new Rule("y", "i", stem -> stem.length() > 1 && isConsonant(stem, stem.length() - 1))
    };

    private static String step2(String word) {
        if (word.endsWith("alli") && hasPositiveMeasure(dropSuffix(word, "alli"))) {
            return step2(dropSuffix(word, "alli") + "al");
        }
        for (Rule rule : STEP2) {
            if (word.endsWith(rule.suffix)) {
                String stem = dropSuffix(word, rule.suffix);
                return rule.condition.test(stem) ? stem + rule.replacement : word;
            }
        }
        // last rule of the list: the 'l' of 'logi' stays with the stem, so 'geo'/'theo' work like 'archaeo'
        if (word.endsWith("logi") && hasPositiveMeasure(word.substring(0, word.length() - 3))) {
            return dropSuffix(word, "logi") + "log";
        }
        return word;
    }

    private static final Rule[] STEP2 = {
        new Rule("ational", "ate", PorterStemmer::hasPositiveMeasure),
        new Rule("tional", "tion", PorterStemmer::hasPositiveMeasure),
        new Rule("enci", "ence", PorterStemmer::hasPositiveMeasure),
        new Rule("anci", "ance", PorterStemmer::hasPositiveMeasure),
        new Rule("izer", "ize", PorterStemmer::hasPositiveMeasure),
        new Rule("bli", "ble", PorterStemmer::hasPositiveMeasure),
        new Rule("alli", "al", PorterStemmer::hasPositiveMeasure),
        new Rule("entli", "ent", PorterStemmer::hasPositiveMeasure),
        new Rule("eli", "e", PorterStemmer::hasPositiveMeasure),
        new Rule("ousli", "ous", PorterStemmer::hasPositiveMeasure),
        new Rule("ization", "ize", PorterStemmer::hasPositiveMeasure),
        new Rule("ation", "ate", PorterStemmer::hasPositiveMeasure),
        new Rule("ator", "ate", PorterStemmer::hasPositiveMeasure),
        new Rule("alism", "al", PorterStemmer::hasPositiveMeasure),
        new Rule("iveness", "ive", PorterStemmer::hasPositiveMeasure),
        new Rule("fulness", "ful", PorterStemmer::hasPositiveMeasure),
        new Rule("ousness", "ous", PorterStemmer::hasPositiveMeasure),
        new Rule("aliti", "al", PorterStemmer::hasPositiveMeasure),
        new Rule("iviti", "ive", PorterStemmer::hasPositiveMeasure),
        new Rule("biliti", "ble", PorterStemmer::hasPositiveMeasure),
        new Rule("fulli", "ful", PorterStemmer::hasPositiveMeasure)
    };

    private static final Condition POSITIVE = PorterStemmer::hasPositiveMeasure;
    private static final Condition GREATER_THAN_ONE = stem -> measure(stem) > 1;

    private static final Rule[] STEP3 = {
        new Rule("icate", "ic", POSITIVE),
        new Rule("ative", "", POSITIVE),
        new Rule("alize", "al", POSITIVE),
        new Rule("iciti", "ic", POSITIVE),
        new Rule("ical", "ic", POSITIVE),
        new Rule("ful", "", POSITIVE),
        new Rule("ness", "", POSITIVE)
    };

    private static String step3(String word) {
        return applyRuleList(word, STEP3);
    }

    private static final Rule[] STEP4 = {
        new Rule("al", "", GREATER_THAN_ONE),
        new Rule("ance", "", GREATER_THAN_ONE),
        new Rule("ence", "", GREATER_THAN_ONE),
        new Rule("er", "", GREATER_THAN_ONE),
        new Rule("ic", "", GREATER_THAN_ONE),
        new Rule("able", "", GREATER_THAN_ONE),
        new Rule("ible", "", GREATER_THAN_ONE),
        new Rule("ant", "", GREATER_THAN_ONE),
        new Rule("ement", "", GREATER_THAN_ONE),
        new Rule("ment", "", GREATER_THAN_ONE),
        new Rule("ent", "", GREATER_THAN_ONE),
        new Rule("ion", "", stem -> measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))),
        new Rule("ou", "", GREATER_THAN_ONE),
        new Rule("ism", "", GREATER_THAN_ONE),
        new Rule("ate", "", GREATER_THAN_ONE),
        new Rule("iti", "", GREATER_THAN_ONE),
        new Rule("ous", "", GREATER_THAN_ONE),
        new Rule("ive", "", GREATER_THAN_ONE),
        new Rule("ize", "", GREATER_THAN_ONE)
    };

    private static String step4(String word) {
        return applyRuleList(word, STEP4);
    }

    private static String step5a(String word) {
        // Both (m>1) E and (m=1 and not *o) E are tried, so the rule list helper does not fit here.
        if (word.endsWith("e")) {
            String stem = dropSuffix(word, "e");
            int m = measure(stem);
            if (m > 1) {
                return stem;
            }
            if (m == 1 && !endsCvc(stem)) {
                return stem;
            }
        }
        return word;
    }

    private static String step5b(String word) {
        return applyRuleList(word, new Rule("ll", "l", stem -> measure(word.substring(0, word.length() - 1)) > 1));
    }
}
