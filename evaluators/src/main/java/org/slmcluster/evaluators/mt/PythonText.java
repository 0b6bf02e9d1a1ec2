package org.slmcluster.evaluators.mt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python {@code str} operations sacreBLEU builds on, with Python's exact semantics: its notion of
 * whitespace ({@code str.isspace}, wider than Java's), {@code split()}, {@code rstrip()}, and
 * {@code lower()}. Getting these exactly right is what makes token counts agree with the reference.
 */
public final class PythonText {

    private PythonText() {}

    /** Python's {@code str.isspace} for one character; every such character is in the BMP. */
    public static boolean isSpace(char c) {
        if (c <= 0x20) {
            return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** Python's {@code s.split()}: runs of whitespace separate, no empty tokens. */
    static String[] split(String s) {
        List<String> tokens = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(s.substring(start, i));
            }
        }
        return tokens.toArray(new String[0]);
    }

    /** Python's {@code ' '.join(s.split())}. */
    static String collapseWhitespace(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(s, start, i);
            }
        }
        return out.toString();
    }

    /** Python's {@code ''.join(s.split())}: every whitespace character removed. */
    static String removeWhitespace(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !isSpace(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Python's {@code s.strip()}. */
    static String strip(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return rstrip(s.substring(start));
    }

    /** Python's {@code s.rstrip()}. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /**
     * Python's {@code s.lower()}: full Unicode lowercase mapping (including U+0130 to "i\u0307" and the
     * final-sigma rule), which Java's root-locale lowercasing also implements.
     */
    static String lower(String s) {
        String lowered = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lowered.length(); i++) {
            char c = lowered.charAt(i);
            if (c == 0x2C2F || (c >= 0xA7C0 && c <= 0xA7D8) || c == 0xD801) {
                return lowerNewerCapitals(lowered);
            }
        }
        return lowered;
    }

    /**
     * Capitals Java 17 (Unicode 13) does not know but Python 3.11 (Unicode 14) lowercases, found by comparing
     * both over every code point: pairs of (capital, small).
     */
    private static final int[] NEWER_CAPITALS = {
        0x2C2F, 0x2C5F, 0xA7C0, 0xA7C1, 0xA7D0, 0xA7D1, 0xA7D6, 0xA7D7, 0xA7D8, 0xA7D9, 0x10570, 0x10597, 0x10571,
        0x10598, 0x10572, 0x10599, 0x10573, 0x1059A, 0x10574, 0x1059B, 0x10575, 0x1059C, 0x10576, 0x1059D, 0x10577,
        0x1059E, 0x10578, 0x1059F, 0x10579, 0x105A0, 0x1057A, 0x105A1, 0x1057C, 0x105A3, 0x1057D, 0x105A4, 0x1057E,
        0x105A5, 0x1057F, 0x105A6, 0x10580, 0x105A7, 0x10581, 0x105A8, 0x10582, 0x105A9, 0x10583, 0x105AA, 0x10584,
        0x105AB, 0x10585, 0x105AC, 0x10586, 0x105AD, 0x10587, 0x105AE, 0x10588, 0x105AF, 0x10589, 0x105B0, 0x1058A,
        0x105B1, 0x1058C, 0x105B3, 0x1058D, 0x105B4, 0x1058E, 0x105B5, 0x1058F, 0x105B6, 0x10590, 0x105B7, 0x10591,
        0x105B8, 0x10592, 0x105B9, 0x10594, 0x105BB, 0x10595, 0x105BC,
    };

    private static String lowerNewerCapitals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            for (int i = 0; i < NEWER_CAPITALS.length; i += 2) {
                if (NEWER_CAPITALS[i] == cp) {
                    cp = NEWER_CAPITALS[i + 1];
                    break;
                }
            }
            out.appendCodePoint(cp);
        });
        return out.toString();
    }

    /**
     * Python's {@code f"{x:.{digits}f}"}: the exact binary value rounded half-even (Java's
     * {@code String.format} rounds half-up and can differ in the last digit).
     */
    static String fixed(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        return new java.math.BigDecimal(x)
                .setScale(digits, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    /** The code points of {@code s}: Python indexes strings by code point, not UTF-16 unit. */
    static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }
}
