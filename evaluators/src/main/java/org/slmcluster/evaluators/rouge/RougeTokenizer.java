package org.slmcluster.evaluators.rouge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * rouge-score's default tokenizer ({@code rouge_score/tokenize.py}): lowercase, every run of characters
 * other than ASCII a-z and 0-9 becomes a space, split on whitespace, optionally Porter-stem tokens
 * longer than 3 characters, and drop anything that is not a non-empty [a-z0-9]+ token.
 */
public final class RougeTokenizer {

    private static final int STEM_CACHE_LIMIT = 200_000;

    private final PorterStemmer stemmer;
    // words repeat a lot across segments; stemming dominates tokenization time without a cache
    private final java.util.concurrent.ConcurrentHashMap<String, String> stems =
            new java.util.concurrent.ConcurrentHashMap<>();

    public RougeTokenizer(boolean useStemmer) {
        this.stemmer = useStemmer ? new PorterStemmer() : null;
    }

    public List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int n = lower.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isAsciiAlphanumeric(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isAsciiAlphanumeric(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                String token = lower.substring(start, i);
                if (stemmer != null && token.length() > 3) {
                    token = stem(token);
                }
                // the stemmer only ever shortens or rewrites [a-z0-9] words, but rouge-score re-checks
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    private String stem(String word) {
        String cached = stems.get(word);
        if (cached != null) {
            return cached;
        }
        String stem = stemmer.stem(word);
        if (stems.size() < STEM_CACHE_LIMIT) {
            stems.put(word, stem);
        }
        return stem;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
