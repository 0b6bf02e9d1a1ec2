package org.slmcluster.evaluators.mt;

/**
 * sacreBLEU's {@code zh} tokenizer (tokenizer_zh.py, its default for Chinese targets): the line is
 * stripped, every "Chinese" character gets a space on either side, then the {@code 13a} regex passes
 * ({@link Tokenizer13a#regexpTokens}) run over it, without 13a's entity and {@code <skipped>} handling.
 *
 * <p>Which characters count is sacreBLEU's {@code _UCODE_RANGES}, compared as Python compares strings: two
 * of its bounds are written {@code u'\u20000'} and {@code u'\u2f800'} etc., which Python reads as a
 * four-digit escape followed by a digit or letter. A one-character string then lies between such bounds
 * when it is above the first character of the lower bound and at most the first character of the upper
 * bound, so those two ranges are in effect U+2001..U+2A6D and U+2F81..U+2FA1 (and no character outside the
 * Basic Multilingual Plane counts). We reproduce that, not the ranges the comments intend.
 */
final class TokenizerZh {

    /** Inclusive code point ranges, as sacreBLEU 2.6.0's comparisons have them. */
    private static final int[][] RANGES = {
        {0x3400, 0x4DB5},
        {0x4E00, 0x9FA5},
        {0x9FA6, 0x9FBB},
        {0xF900, 0xFA2D},
        {0xFA30, 0xFA6A},
        {0xFA70, 0xFAD9},
        {0x2001, 0x2A6D}, // u'\u20000' .. u'\u2a6d6' compared as strings
        {0x2F81, 0x2FA1}, // u'\u2f800' .. u'\u2fa1d' compared as strings
        {0xFF00, 0xFFEF},
        {0x2E80, 0x2EFF},
        {0x3000, 0x303F},
        {0x31C0, 0x31EF},
        {0x2F00, 0x2FDF},
        {0x2FF0, 0x2FFF},
        {0x3100, 0x312F},
        {0x31A0, 0x31BF},
        {0xFE10, 0xFE1F},
        {0xFE30, 0xFE4F},
        {0x2600, 0x26FF},
        {0x2700, 0x27BF},
        {0x3200, 0x32FF},
        {0x3300, 0x33FF},
    };

    private TokenizerZh() {}

    static String tokenize(String line) {
        return String.join(" ", tokens(line));
    }

    static String[] tokens(String line) {
        String stripped = PythonText.strip(line);
        StringBuilder spaced = new StringBuilder(stripped.length() * 2);
        int i = 0;
        while (i < stripped.length()) {
            int cp = stripped.codePointAt(i);
            if (isChinese(cp)) {
                spaced.append(' ').appendCodePoint(cp).append(' ');
            } else {
                spaced.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return Tokenizer13a.regexpTokens(spaced.toString());
    }

    static boolean isChinese(int codePoint) {
        for (int[] range : RANGES) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
