package org.slmcluster.evaluators.mt;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * BLEU smoothing (Chen and Cherry 2014), with sacreBLEU's names and default values: {@code floor} 0.1 and
 * {@code add-k} 1 (from that paper); {@code exp} (NIST, mteval-v13a) and {@code none} take no value.
 */
public enum SmoothMethod {
    NONE("none", Double.NaN),
    FLOOR("floor", 0.1),
    ADD_K("add-k", 1.0),
    EXP("exp", Double.NaN);

    private final String sacrebleuName;
    private final double defaultValue;

    SmoothMethod(String sacrebleuName, double defaultValue) {
        this.sacrebleuName = sacrebleuName;
        this.defaultValue = defaultValue;
    }

    /** The name sacreBLEU uses on its command line and in signatures. */
    public String sacrebleuName() {
        return sacrebleuName;
    }

    /** Whether the method takes a smoothing value ({@code floor}, {@code add-k}). */
    public boolean takesValue() {
        return !Double.isNaN(defaultValue);
    }

    public double defaultValue() {
        return defaultValue;
    }

    /** The method with this sacreBLEU name ({@code exp}, {@code floor}, {@code add-k}, {@code none}). */
    public static SmoothMethod fromName(String name) {
        for (SmoothMethod m : values()) {
            if (m.sacrebleuName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown smoothing method '" + name + "': expected one of "
                + Arrays.stream(values()).map(SmoothMethod::sacrebleuName).collect(Collectors.joining(", ")));
    }
}
