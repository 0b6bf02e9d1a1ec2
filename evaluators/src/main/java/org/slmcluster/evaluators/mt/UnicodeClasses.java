package org.slmcluster.evaluators.mt;

/**
 * Unicode general categories as the Python {@code regex} module matches {@code \p{N}}, {@code \p{P}}
 * and {@code \p{S}} (used by the {@code intl} tokenizer). Java 17 knows Unicode 13; the tables below add
 * the characters assigned since then to these classes, taken from {@code regex} 2026.9 (Unicode 17) by
 * comparing both over every code point, so the tokenizer agrees with a current sacreBLEU install.
 */
final class UnicodeClasses {

    private UnicodeClasses() {}

    private static final int[] NEWER_NUMBERS = {
        0x10D40, 0x10D49, 0x116D0, 0x116E3, 0x11BF0, 0x11BF9, 0x11DE0, 0x11DE9, 0x11F50, 0x11F59,
        0x1246F, 0x1246F, 0x12475, 0x1247F, 0x12550, 0x12686, 0x16130, 0x16139, 0x16AC0, 0x16AC9,
        0x16D70, 0x16D79, 0x16FF4, 0x16FF6, 0x1CCF0, 0x1CCF9, 0x1D2C0, 0x1D2D3, 0x1E4F0, 0x1E4F9,
        0x1E5F1, 0x1E5FA,
    };

    private static final int[] NEWER_PUNCTUATION = {
        0x61D, 0x61D, 0x1B4E, 0x1B4F, 0x1B7D, 0x1B7F, 0x2E53, 0x2E5D, 0x2E60, 0x2E63, 0x10D6E, 0x10D6E, 0x10ED0,
        0x10ED0, 0x10F86, 0x10F89, 0x113D4, 0x113D5, 0x113D7, 0x113D8, 0x116B9, 0x116B9, 0x11B00, 0x11B09, 0x11BE1,
        0x11BE1, 0x11F43, 0x11F4F, 0x12FF1, 0x12FF2, 0x16D6D, 0x16D6F, 0x1E5FF, 0x1E5FF,
    };

    private static final int[] NEWER_SYMBOLS = {
        0x888, 0x888, 0x20C0, 0x20C4, 0x2427, 0x2429, 0x2B96, 0x2B96, 0x2FFC, 0x2FFF, 0x31E4, 0x31E5, 0x31EF, 0x31EF,
        0xFBC2, 0xFBD2, 0xFD40, 0xFD4F, 0xFD90, 0xFD91, 0xFDC8, 0xFDCF, 0xFDFE, 0xFDFF, 0x10D8E, 0x10D8F, 0x10EC9,
        0x10ECA, 0x10ED1, 0x10ED8, 0x1CC00, 0x1CCEF, 0x1CCFA, 0x1CCFC, 0x1CD00, 0x1CEB3, 0x1CEBA, 0x1CED0, 0x1CED2,
        0x1CED4, 0x1CEDD, 0x1CEFD, 0x1CF50, 0x1CFC3, 0x1D1E9, 0x1D1FF, 0x1D253, 0x1D25A, 0x1D25D, 0x1D25E, 0x1D260,
        0x1D27F, 0x1DB00, 0x1DB1C, 0x1F1AE, 0x1F1AE, 0x1F6D8, 0x1F6D9, 0x1F6DC, 0x1F6DF, 0x1F774, 0x1F77F, 0x1F7D9,
        0x1F7DB, 0x1F7F0, 0x1F7FF, 0x1F8B2, 0x1F8BB, 0x1F8C0, 0x1F8C1, 0x1F8D0, 0x1F8D8, 0x1F979, 0x1F979, 0x1F9CC,
        0x1F9CC, 0x1FA54, 0x1FA57, 0x1FA75, 0x1FA77, 0x1FA7B, 0x1FA7C, 0x1FA87, 0x1FA8F, 0x1FAA9, 0x1FAAF, 0x1FAB7,
        0x1FABF, 0x1FAC3, 0x1FAC6, 0x1FAC8, 0x1FAC8, 0x1FACC, 0x1FACF, 0x1FAD7, 0x1FADD, 0x1FADF, 0x1FAEB, 0x1FAEF,
        0x1FAFA, 0x1FBCB, 0x1FBEF, 0x1FBFA, 0x1FBFA,
    };

    static boolean isNumber(int cp) {
        return switch (Character.getType(cp)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            case Character.UNASSIGNED -> inRanges(NEWER_NUMBERS, cp);
            default -> false;
        };
    }

    static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            case Character.UNASSIGNED -> inRanges(NEWER_PUNCTUATION, cp);
            default -> false;
        };
    }

    static boolean isSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                true;
            case Character.UNASSIGNED -> inRanges(NEWER_SYMBOLS, cp);
            default -> false;
        };
    }

    private static boolean inRanges(int[] ranges, int cp) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (cp >= ranges[i] && cp <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
