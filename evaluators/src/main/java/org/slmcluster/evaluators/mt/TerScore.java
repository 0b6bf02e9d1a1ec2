package org.slmcluster.evaluators.mt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TER score (0-100 and beyond: edits per reference word, times 100), with the total number of edits and
 * the summed average reference length.
 */
public record TerScore(double score, long numEdits, double refLength) implements MtScore {

    @Override
    public String format(int width, String signature) {
        String name = signature == null || signature.isEmpty() ? "TER" : "TER|" + signature;
        return name + " = " + PythonText.fixed(score, width);
    }

    /** The JSON object of {@code slm score ter --json}. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", "ter");
        map.put("score", score);
        map.put("num_edits", numEdits);
        map.put("ref_length", refLength);
        return map;
    }
}
