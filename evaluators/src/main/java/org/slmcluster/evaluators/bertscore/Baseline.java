package org.slmcluster.evaluators.bertscore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Baseline values b for rescaling BERTScore to a more readable range: x' = (x - b) / (1 - b), for P,
 * R and F1 each with its own b, as bert_score's {@code rescale_with_baseline}. bert_score ships
 * baselines per model and layer (computed from Common Crawl sentence pairs, {@link #fromFile}); none
 * exists for all-MiniLM-L6-v2, so the user gives them.
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

    /**
     * The row of {@code layer} of a baseline file in bert_score's own format
     * ({@code rescale_baseline/<lang>/<model>.tsv}, read by bert_score with {@code pd.read_csv}: comma
     * separated despite the name, header {@code LAYER,P,R,F}, one row per layer, 0 = embeddings).
     *
     * @throws IllegalArgumentException the file cannot be read, is malformed or has no row for the layer,
     *     with a message naming the file
     */
    public static Baseline fromFile(Path file, int layer) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the baseline file " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().replace(" ", "").equalsIgnoreCase("LAYER,P,R,F")) {
            throw new IllegalArgumentException(
                    "baseline file " + file + " does not start with bert_score's header LAYER,P,R,F");
        }
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                throw new IllegalArgumentException(
                        "baseline file " + file + " line " + (n + 1) + ": expected LAYER,P,R,F: '" + line + "'");
            }
            try {
                if (Integer.parseInt(cells[0].strip()) == layer) {
                    return new Baseline(
                            Double.parseDouble(cells[1].strip()),
                            Double.parseDouble(cells[2].strip()),
                            Double.parseDouble(cells[3].strip()));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "baseline file " + file + " line " + (n + 1) + ": not numbers: '" + line + "'", e);
            }
        }
        throw new IllegalArgumentException("baseline file " + file + " has no row for layer " + layer);
    }

    public PrecisionRecallF1 rescale(PrecisionRecallF1 raw) {
        return new PrecisionRecallF1(
                (raw.precision() - precision) / (1 - precision),
                (raw.recall() - recall) / (1 - recall),
                (raw.f1() - f1) / (1 - f1));
    }
}
