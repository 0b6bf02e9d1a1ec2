package org.slmcluster.evaluators.mt;

import java.util.LinkedHashMap;
import java.util.Map;

/** A chrF / chrF++ score (0-100) with the orders and beta it was computed with. */
public record ChrfScore(double score, int charOrder, int wordOrder, int beta) implements MtScore {

    /** {@code chrF2}, {@code chrF2++}, ... */
    public String name() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** sacreBLEU's text line, e.g. {@code chrF2|sig = 52.0}. */
    @Override
    public String format(int width, String signature) {
        String name = signature == null || signature.isEmpty() ? name() : name() + "|" + signature;
        return name + " = " + PythonText.fixed(score, width);
    }

    /** The JSON object of {@code slm score chrf --json}. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", "chrf");
        map.put("name", name());
        map.put("score", score);
        map.put("char_order", charOrder);
        map.put("word_order", wordOrder);
        map.put("beta", beta);
        return map;
    }
}
