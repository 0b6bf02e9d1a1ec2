package org.slmcluster.evaluators.mt;

/**
 * sacreBLEU's {@code intl} tokenizer (mteval-v14 international tokenization, tokenizer_intl.py): the three
 * {@code regex.sub} passes {@code (\P{N})(\p{P})}, {@code (\p{P})(\P{N})} and {@code (\p{S})} done by
 * hand over code points, with {@code re.sub}'s left-to-right, resume-after-match semantics.
 */
final class TokenizerIntl {

    private TokenizerIntl() {}

    static String tokenize(String line) {
        int[] cps = PythonText.codePoints(line);
        int n = cps.length;
        int[] a = new int[n * 2 + 2];
        int len = 0;
        // Pass 1: (\P{N})(\p{P}) -> '\1 \2 '
        int[] out = new int[n * 2 + 2];
        int i = 0;
        while (i < n) {
            int c = cps[i];
            if (i + 1 < n && !UnicodeClasses.isNumber(c) && UnicodeClasses.isPunctuation(cps[i + 1])) {
                out = ensure(out, len + 4);
                out[len++] = c;
                out[len++] = ' ';
                out[len++] = cps[i + 1];
                out[len++] = ' ';
                i += 2;
            } else {
                out = ensure(out, len + 1);
                out[len++] = c;
                i++;
            }
        }
        // Pass 2: (\p{P})(\P{N}) -> ' \1 \2'
        int[] in = out;
        n = len;
        len = 0;
        a = ensure(a, n * 2 + 2);
        i = 0;
        while (i < n) {
            int c = in[i];
            if (i + 1 < n && UnicodeClasses.isPunctuation(c) && !UnicodeClasses.isNumber(in[i + 1])) {
                a = ensure(a, len + 4);
                a[len++] = ' ';
                a[len++] = c;
                a[len++] = ' ';
                a[len++] = in[i + 1];
                i += 2;
            } else {
                a = ensure(a, len + 1);
                a[len++] = c;
                i++;
            }
        }
        // Pass 3: (\p{S}) -> ' \1 '
        StringBuilder sb = new StringBuilder(len + 16);
        for (int k = 0; k < len; k++) {
            int c = a[k];
            if (UnicodeClasses.isSymbol(c)) {
                sb.append(' ').appendCodePoint(c).append(' ');
            } else {
                sb.appendCodePoint(c);
            }
        }
        return PythonText.collapseWhitespace(sb);
    }

    private static int[] ensure(int[] array, int size) {
        if (size <= array.length) {
            return array;
        }
        return java.util.Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
}
