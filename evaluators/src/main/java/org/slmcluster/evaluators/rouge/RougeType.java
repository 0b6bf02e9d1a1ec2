package org.slmcluster.evaluators.rouge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ROUGE variant by rouge-score's name: {@code rouge1}..{@code rouge9} (n-gram overlap),
 * {@code rougeL} (longest common subsequence over the whole text) and {@code rougeLsum}
 * (summary-level union LCS over newline-separated sentences).
 */
public record RougeType(String name, int n) {

    private static final Pattern NGRAM = Pattern.compile("rouge([0-9])");

    public static final RougeType ROUGE_L = new RougeType("rougeL", 0);
    public static final RougeType ROUGE_LSUM = new RougeType("rougeLsum", 0);

    /** Parses a rouge-score type name; rejects {@code rouge0}, {@code rouge10}, {@code rougen} as it does. */
    public static RougeType parse(String name) {
        if (name.equals("rougeL")) {
            return ROUGE_L;
        }
        if (name.equals("rougeLsum")) {
            return ROUGE_LSUM;
        }
        Matcher m = NGRAM.matcher(name);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n > 0) {
                return new RougeType(name, n);
            }
        }
        throw new IllegalArgumentException(
                "Invalid rouge type: " + name + " (expected rouge1..rouge9, rougeL or rougeLsum)");
    }

    public boolean isNgram() {
        return n > 0;
    }
}
