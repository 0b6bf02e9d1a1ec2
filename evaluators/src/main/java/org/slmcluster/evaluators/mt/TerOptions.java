package org.slmcluster.evaluators.mt;

/**
 * TER settings; the defaults (all off) replicate Tercom: case-insensitive, no normalisation, punctuation
 * kept, no special treatment of Asian characters.
 */
public record TerOptions(boolean normalized, boolean noPunct, boolean asianSupport, boolean caseSensitive) {

    public static TerOptions defaults() {
        return new TerOptions(false, false, false, false);
    }

    public TerOptions withNormalized(boolean value) {
        return new TerOptions(value, noPunct, asianSupport, caseSensitive);
    }

    public TerOptions withNoPunct(boolean value) {
        return new TerOptions(normalized, value, asianSupport, caseSensitive);
    }

    public TerOptions withAsianSupport(boolean value) {
        return new TerOptions(normalized, noPunct, value, caseSensitive);
    }

    public TerOptions withCaseSensitive(boolean value) {
        return new TerOptions(normalized, noPunct, asianSupport, value);
    }

    /** sacreBLEU's signature without the version. */
    public String signature(String nrefs) {
        return "nrefs:" + nrefs + "|case:" + (caseSensitive ? "mixed" : "lc") + "|tok:tercom|norm:"
                + (normalized ? "yes" : "no") + "|punct:" + (noPunct ? "no" : "yes") + "|asian:"
                + (asianSupport ? "yes" : "no");
    }
}
