package org.slmcluster.evaluators.bertscore;

/**
 * Baseline values b for rescaling BERTScore to a more readable range: x' = (x - b) / (1 - b), for P,
 * R and F1 each with its own b, as bert_score's {@code rescale_with_baseline}. bert_score ships
 * baselines per model and layer (computed from Common Crawl sentence pairs); none exists for
 * all-MiniLM-L6-v2, so the user gives them.
 */
public record Baseline(double precision, double recall, double f1) {

    public Baseline {
        for (double b : new double[] {precision, recall, f1}) {
            if (!(b < 1.0) || Double.isNaN(b)) {
                throw new IllegalArgumentException("a baseline value must be below 1: " + b);
            }
        }
    }

    /** Parses "P,R,F", e.g. "0.83,0.83,0.83". */
    public static Baseline parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("baseline must be three numbers P,R,F: '" + text + "'");
        }
        try {
            return new Baseline(
                    Double.parseDouble(parts[0].trim()),
                    Double.parseDouble(parts[1].trim()),
                    Double.parseDouble(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baseline must be three numbers P,R,F: '" + text + "'");
        }
    }

    public PrecisionRecallF1 rescale(PrecisionRecallF1 raw) {
        return new PrecisionRecallF1(
                (raw.precision() - precision) / (1 - precision),
                (raw.recall() - recall) / (1 - recall),
                (raw.f1() - f1) / (1 - f1));
    }
}
