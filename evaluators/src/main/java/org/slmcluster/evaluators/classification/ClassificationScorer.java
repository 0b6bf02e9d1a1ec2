package org.slmcluster.evaluators.classification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores answers against gold labels for user-defined classes; see {@link ClassificationReport}. */
public final class ClassificationScorer {

    private final ClassLabelMatcher matcher;

    public ClassificationScorer(List<ClassDefinition> classes) {
        this.matcher = new ClassLabelMatcher(classes);
    }

    public ClassLabelMatcher matcher() {
        return matcher;
    }

    /**
     * @throws IllegalArgumentException when the counts differ or a gold label is not a defined class
     */
    public ClassificationReport score(List<String> answers, List<String> goldLabels) {
        if (answers.size() != goldLabels.size()) {
            throw new IllegalArgumentException(answers.size() + " answers but " + goldLabels.size() + " gold labels");
        }
        List<ClassDefinition> classes = matcher.classes();
        int k = classes.size();
        int[][] confusion = new int[k][k + 1];
        List<String> predictions = new ArrayList<>(answers.size());
        int correct = 0;
        int none = 0;
        for (int i = 0; i < answers.size(); i++) {
            Optional<ClassDefinition> gold = matcher.exact(goldLabels.get(i));
            if (gold.isEmpty()) {
                throw new IllegalArgumentException(
                        "gold label on line " + (i + 1) + " is not a defined class: \"" + goldLabels.get(i) + "\"");
            }
            int g = classes.indexOf(gold.get());
            Optional<ClassDefinition> predicted = matcher.match(answers.get(i));
            int p = predicted.map(classes::indexOf).orElse(k);
            confusion[g][p]++;
            predictions.add(predicted.map(ClassDefinition::name).orElse(ClassificationReport.NONE));
            if (p == g) {
                correct++;
            }
            if (p == k) {
                none++;
            }
        }
        Map<String, ClassificationReport.ClassScore> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = 0;
            for (int p = 0; p <= k; p++) {
                support += confusion[c][p];
            }
            int predictedAs = 0;
            for (int g = 0; g < k; g++) {
                predictedAs += confusion[g][c];
            }
            double precision = predictedAs == 0 ? 0.0 : (double) tp / predictedAs;
            double recall = support == 0 ? 0.0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            perClass.put(classes.get(c).name(), new ClassificationReport.ClassScore(precision, recall, f1, support));
        }
        int n = answers.size();
        List<String> labels = new ArrayList<>();
        classes.forEach(c -> labels.add(c.name()));
        return new ClassificationReport(
                n,
                n == 0 ? Double.NaN : (double) correct / n,
                f1Sum / k,
                n == 0 ? Double.NaN : (double) none / n,
                none,
                perClass,
                labels,
                confusion,
                predictions);
    }
}
