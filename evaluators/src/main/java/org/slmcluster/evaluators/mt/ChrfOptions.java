package org.slmcluster.evaluators.mt;

/**
 * chrF settings with sacreBLEU 2.x defaults: character n-grams up to 6, no word n-grams (chrF; word order
 * 2 is chrF++), beta 2, case-sensitive, whitespace ignored, effective-order averaging (not eps smoothing).
 */
public record ChrfOptions(
        int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace, boolean epsSmoothing) {

    public static final int DEFAULT_CHAR_ORDER = 6;
    public static final int DEFAULT_BETA = 2;

    public ChrfOptions {
        if (charOrder < 0 || wordOrder < 0 || charOrder + wordOrder < 1) {
            throw new IllegalArgumentException("chrF needs char order >= 0 and word order >= 0, not both 0 (got "
                    + charOrder + " and " + wordOrder + ")");
        }
        if (beta < 0) {
            throw new IllegalArgumentException("chrF beta must be >= 0, got " + beta);
        }
    }

    /** chrF: character order 6, word order 0, beta 2. */
    public static ChrfOptions chrf() {
        return new ChrfOptions(DEFAULT_CHAR_ORDER, 0, DEFAULT_BETA, false, false, false);
    }

    /** chrF++: character order 6, word order 2, beta 2. */
    public static ChrfOptions chrfPlusPlus() {
        return new ChrfOptions(DEFAULT_CHAR_ORDER, 2, DEFAULT_BETA, false, false, false);
    }

    public ChrfOptions withCharOrder(int value) {
        return new ChrfOptions(value, wordOrder, beta, lowercase, whitespace, epsSmoothing);
    }

    public ChrfOptions withWordOrder(int value) {
        return new ChrfOptions(charOrder, value, beta, lowercase, whitespace, epsSmoothing);
    }

    public ChrfOptions withBeta(int value) {
        return new ChrfOptions(charOrder, wordOrder, value, lowercase, whitespace, epsSmoothing);
    }

    public ChrfOptions withLowercase(boolean value) {
        return new ChrfOptions(charOrder, wordOrder, beta, value, whitespace, epsSmoothing);
    }

    public ChrfOptions withWhitespace(boolean value) {
        return new ChrfOptions(charOrder, wordOrder, beta, lowercase, value, epsSmoothing);
    }

    public ChrfOptions withEpsSmoothing(boolean value) {
        return new ChrfOptions(charOrder, wordOrder, beta, lowercase, whitespace, value);
    }

    /** The metric's name as sacreBLEU prints it: {@code chrF2}, {@code chrF2++}. */
    public String displayName() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** sacreBLEU's signature without the version. */
    public String signature(String nrefs) {
        return "nrefs:" + nrefs + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (epsSmoothing ? "no" : "yes")
                + "|nc:" + charOrder + "|nw:" + wordOrder + "|space:" + (whitespace ? "yes" : "no");
    }
}
