package org.slmcluster.evaluators.mt;

/**
 * BLEU settings, with sacreBLEU 2.x defaults: 13a tokenizer, case-sensitive, {@code exp} smoothing,
 * n-grams up to order 4, no effective order (turn it on for sentence-level BLEU).
 *
 * @param smoothValue the value for {@code floor} / {@code add-k}; null takes the method's default
 */
public record BleuOptions(
        BleuTokenizer tokenizer,
        boolean lowercase,
        SmoothMethod smoothMethod,
        Double smoothValue,
        int maxNgramOrder,
        boolean effectiveOrder) {

    public static final int DEFAULT_MAX_NGRAM_ORDER = 4;

    public BleuOptions {
        if (tokenizer == null || smoothMethod == null) {
            throw new IllegalArgumentException("tokenizer and smoothing method are required");
        }
        if (maxNgramOrder < 1) {
            throw new IllegalArgumentException("max n-gram order must be at least 1, got " + maxNgramOrder);
        }
    }

    public static BleuOptions defaults() {
        return new BleuOptions(BleuTokenizer.THIRTEEN_A, false, SmoothMethod.EXP, null, DEFAULT_MAX_NGRAM_ORDER, false);
    }

    public BleuOptions withTokenizer(BleuTokenizer value) {
        return new BleuOptions(value, lowercase, smoothMethod, smoothValue, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withLowercase(boolean value) {
        return new BleuOptions(tokenizer, value, smoothMethod, smoothValue, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withSmoothing(SmoothMethod method, Double value) {
        return new BleuOptions(tokenizer, lowercase, method, value, maxNgramOrder, effectiveOrder);
    }

    public BleuOptions withMaxNgramOrder(int value) {
        return new BleuOptions(tokenizer, lowercase, smoothMethod, smoothValue, value, effectiveOrder);
    }

    public BleuOptions withEffectiveOrder(boolean value) {
        return new BleuOptions(tokenizer, lowercase, smoothMethod, smoothValue, maxNgramOrder, value);
    }

    /** The smoothing value in use: the given one or the method's default (NaN when it takes none). */
    public double effectiveSmoothValue() {
        return smoothValue != null ? smoothValue : smoothMethod.defaultValue();
    }

    /** sacreBLEU's signature without the version, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp}. */
    public String signature(String nrefs) {
        String smooth = smoothMethod.sacrebleuName();
        if (smoothMethod.takesValue()) {
            smooth += "[" + PythonText.fixed(effectiveSmoothValue(), 2) + "]";
        }
        return "nrefs:" + nrefs + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:" + (effectiveOrder ? "yes" : "no")
                + "|tok:" + tokenizer.sacrebleuName() + "|smooth:" + smooth;
    }
}
