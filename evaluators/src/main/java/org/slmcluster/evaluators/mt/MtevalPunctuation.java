package org.slmcluster.evaluators.mt;

/**
 * The punctuation passes of mteval-v13a as sacreBLEU writes them with Python {@code re.sub}, done by hand:
 * each pass scans left to right and, like {@code re.sub}, resumes after the end of every match, so
 * the output is identical to the regex version without the cost of regex matching in a hot loop.
 * Scanning UTF-16 units is equivalent to scanning code points here because every class tested is
 * ASCII and every negated class also holds for both halves of a surrogate pair.
 */
final class MtevalPunctuation {

    private MtevalPunctuation() {}

    /** <code>([\{-\~\[-\` -\&amp;\(-\+\:-\&#64;\/])</code> to <code>' \1 '</code>. */
    static boolean isSeparatedSymbol(char c) {
        return (c >= '{' && c <= '~')
                || (c >= '[' && c <= '`')
                || (c >= ' ' && c <= '&')
                || (c >= '(' && c <= '+')
                || (c >= ':' && c <= '@')
                || c == '/';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPeriodOrComma(char c) {
        return c == '.' || c == ',';
    }

    /** <code>re.sub(r'([\{-\~\[-\` -\&amp;\(-\+\:-\&#64;\/])', r' \1 ', s)</code>. */
    static String separateSymbols(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isSeparatedSymbol(c)) {
                if (out == null) {
                    out = new StringBuilder(n + 16);
                    out.append(s, 0, i);
                }
                out.append(' ').append(c).append(' ');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code re.sub(r'([^0-9])([\.,])', r'\1 \2 ', s)}: period and comma unless preceded by a digit. */
    static String separatePeriodCommaAfterNonDigit(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && !isDigit(c) && isPeriodOrComma(s.charAt(i + 1))) {
                out.append(c).append(' ').append(s.charAt(i + 1)).append(' ');
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code re.sub(r'([\.,])([^0-9])', r' \1 \2', s)}: period and comma unless followed by a digit. */
    static String separatePeriodCommaBeforeNonDigit(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && isPeriodOrComma(c) && !isDigit(s.charAt(i + 1))) {
                out.append(' ').append(c).append(' ').append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code re.sub(r'([0-9])(-)', r'\1 \2 ', s)}: a dash preceded by a digit. */
    static String separateDashAfterDigit(String s) {
        if (s.indexOf('-') < 0) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && isDigit(c) && s.charAt(i + 1) == '-') {
                out.append(c).append(' ').append('-').append(' ');
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // The same passes over char arrays: each reads in[0..n), writes out (which must hold 3n for symbols,
    // 2n for the others) and returns the output length.

    static int separateSymbols(char[] in, int n, char[] out) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = in[i];
            if (isSeparatedSymbol(c)) {
                out[k++] = ' ';
                out[k++] = c;
                out[k++] = ' ';
            } else {
                out[k++] = c;
            }
        }
        return k;
    }

    static int separatePeriodCommaAfterNonDigit(char[] in, int n, char[] out) {
        int k = 0;
        int i = 0;
        while (i < n) {
            char c = in[i];
            if (i + 1 < n && !isDigit(c) && isPeriodOrComma(in[i + 1])) {
                out[k++] = c;
                out[k++] = ' ';
                out[k++] = in[i + 1];
                out[k++] = ' ';
                i += 2;
            } else {
                out[k++] = c;
                i++;
            }
        }
        return k;
    }

    static int separatePeriodCommaBeforeNonDigit(char[] in, int n, char[] out) {
        int k = 0;
        int i = 0;
        while (i < n) {
            char c = in[i];
            if (i + 1 < n && isPeriodOrComma(c) && !isDigit(in[i + 1])) {
                out[k++] = ' ';
                out[k++] = c;
                out[k++] = ' ';
                out[k++] = in[i + 1];
                i += 2;
            } else {
                out[k++] = c;
                i++;
            }
        }
        return k;
    }

    static int separateDashAfterDigit(char[] in, int n, char[] out) {
        int k = 0;
        int i = 0;
        while (i < n) {
            char c = in[i];
            if (i + 1 < n && isDigit(c) && in[i + 1] == '-') {
                out[k++] = c;
                out[k++] = ' ';
                out[k++] = '-';
                out[k++] = ' ';
                i += 2;
            } else {
                out[k++] = c;
                i++;
            }
        }
        return k;
    }
}
