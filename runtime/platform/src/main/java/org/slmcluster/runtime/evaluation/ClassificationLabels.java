package org.slmcluster.runtime.evaluation;

import java.util.Locale;

/** Label helpers shared by the evaluator and the views. */
public final class ClassificationLabels {

    /** The predicted label of an answer that names no defined class. */
    public static final String NONE = "(none)";

    private ClassificationLabels() {}

    /**
     * Whether the answer is the class name alone, allowing case, surrounding quotes, markdown emphasis and
     * a final period: anything more is extra content.
     */
    public static boolean isBare(String answer, String className) {
        String text = answer.strip();
        text = text.replaceAll("^[\"'`*_\\s]+|[\"'`*_\\s.]+$", "");
        return text.toLowerCase(Locale.ROOT).equals(className.toLowerCase(Locale.ROOT));
    }
}
