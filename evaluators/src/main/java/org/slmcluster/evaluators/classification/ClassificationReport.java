package org.slmcluster.evaluators.classification;

import java.util.List;
import java.util.Map;

/**
 * Classification results: accuracy (an answer naming no defined class counts wrong), macro-F1 over the
 * defined classes as scikit-learn's {@code f1_score(y_true, y_pred, labels=classes, average="macro")}
 * with its default zero_division (0), per-class precision/recall/F1/support, the rate of answers naming
 * no defined class, and the confusion matrix: rows are gold classes, columns the defined classes in
 * order followed by {@link #NONE}.
 */
// numeric data on the hot path, never compared with equals: arrays, not boxed lists
@SuppressWarnings("ArrayRecordComponent")
public record ClassificationReport(
        int count,
        double accuracy,
        double macroF1,
        double noClassRate,
        int noClassCount,
        Map<String, ClassScore> perClass,
        List<String> labels,
        int[][] confusion,
        List<String> predictions) {

    public static final String NONE = "(none)";

    public record ClassScore(double precision, double recall, double f1, int support) {}
}
