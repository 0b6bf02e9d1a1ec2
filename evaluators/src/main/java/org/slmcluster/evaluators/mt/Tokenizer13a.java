package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;

/**
 * sacreBLEU's {@code 13a} tokenizer (mteval-v13a, the WMT standard): tokenizer_13a.py + tokenizer_re.py.
 * The four regex passes run over char arrays (see {@link MtevalPunctuation} for why hand scanning gives the
 * regexes' exact output), and tokens are cut straight from the last buffer.
 */
final class Tokenizer13a {

    private Tokenizer13a() {}

    static String tokenize(String line) {
        return String.join(" ", tokens(line));
    }

    /** The tokens of {@code tokenize(line)}, without building the joined string. */
    static String[] tokens(String line) {
        line = line.replace("<skipped>", "");
        line = line.replace("-\n", "");
        line = line.replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            line = line.replace("&quot;", "\"");
            line = line.replace("&amp;", "&");
            line = line.replace("&lt;", "<");
            line = line.replace("&gt;", ">");
        }
        return regexpTokens(" " + line + " ");
    }

    /**
     * sacreBLEU's {@code TokenizerRegexp} (the post-tokenizer 13a and zh share): the four regex passes,
     * then {@code ' '.join(line.split())}, as tokens.
     */
    static String[] regexpTokens(String line) {
        int n = line.length();
        char[] a = line.toCharArray();
        char[] b = new char[3 * n];
        int m = MtevalPunctuation.separateSymbols(a, n, b);
        a = ensure(a, 2 * m);
        m = MtevalPunctuation.separatePeriodCommaAfterNonDigit(b, m, a);
        b = ensure(b, 2 * m);
        m = MtevalPunctuation.separatePeriodCommaBeforeNonDigit(a, m, b);
        a = ensure(a, 2 * m);
        m = MtevalPunctuation.separateDashAfterDigit(b, m, a);
        return split(a, m);
    }

    private static char[] ensure(char[] buffer, int size) {
        return buffer.length >= size ? buffer : new char[size];
    }

    /** Python's {@code str.split()} over {@code chars[0..length)}. */
    private static String[] split(char[] chars, int length) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < length) {
            while (i < length && PythonText.isSpace(chars[i])) {
                i++;
            }
            int start = i;
            while (i < length && !PythonText.isSpace(chars[i])) {
                i++;
            }
            if (i > start) {
                tokens.add(new String(chars, start, i - start));
            }
        }
        return tokens.toArray(new String[0]);
    }
}
