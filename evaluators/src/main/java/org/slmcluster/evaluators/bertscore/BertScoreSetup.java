package org.slmcluster.evaluators.bertscore;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

/**
 * BERTScore's settings as a user gives them (bert_score's {@code model_type}, {@code num_layers},
 * {@code idf}, {@code baseline_path}), resolved against a loaded encoder into {@link BertScoreOptions} and
 * bert_score's hash string ({@link #hash}), so a score says exactly what it is.
 *
 * @param model the model in the hash ({@code roberta-large}); the bundled encoder says it is the default
 * @param idf idf weights from the references
 * @param layer bert_score's {@code num_layers} (0 = embeddings); empty: the encoder's last layer
 * @param baselineFile a baseline file in bert_score's format, read at the resolved layer
 * @param baselineValues P,R,F baselines given directly (used when there is no file)
 */
public record BertScoreSetup(
        String model, boolean idf, OptionalInt layer, Optional<Path> baselineFile, Optional<Baseline> baselineValues) {

    /** The bert_score release whose formulas (and hash format, utils.get_hash) this implementation follows. */
    public static final String BERT_SCORE_VERSION = "0.3.12";

    /** The transformers version in the hash when the export's config.json does not name one. */
    public static final String UNKNOWN_TRANSFORMERS = "unknown";

    public BertScoreSetup {
        Objects.requireNonNull(model, "model");
        if (layer.isPresent() && layer.getAsInt() < 0) {
            throw new IllegalArgumentException("layer must be 0 (embeddings) or more: " + layer.getAsInt());
        }
    }

    /** What the settings amount to on one encoder. */
    public record Resolved(BertScoreOptions options, String hash) {}

    /**
     * @throws IllegalArgumentException the baseline file is unreadable or has no row for the layer, or a
     *     baseline file is given but the layer is unknown (neither given nor told by the export)
     * @throws org.slmcluster.evaluators.encoder.EncoderException the encoder cannot give the layer
     */
    public Resolved resolve(OnnxEncoder encoder) {
        OptionalInt effectiveLayer = layer.isPresent() ? layer : encoder.lastLayer();
        if (layer.isPresent()) {
            encoder.atLayer(layer.getAsInt()); // fails early, naming the layers the export has
        }
        Optional<Baseline> baseline = baselineValues;
        if (baselineFile.isPresent()) {
            if (effectiveLayer.isEmpty()) {
                throw new IllegalArgumentException("the baseline file " + baselineFile.get()
                        + " is read at the layer used, but " + encoder.name()
                        + " does not say how many layers it has: give the layer");
            }
            baseline = Optional.of(Baseline.fromFile(baselineFile.get(), effectiveLayer.getAsInt()));
        }
        BertScoreOptions options =
                BertScoreOptions.defaults().withIdf(idf).withLayer(layer).withBaseline(baseline.orElse(null));
        String layerName = effectiveLayer.isPresent() ? Integer.toString(effectiveLayer.getAsInt()) : "last";
        return new Resolved(
                options,
                hash(
                        model,
                        layerName,
                        idf,
                        baseline.isPresent(),
                        !ownBaseline(),
                        encoder.transformersVersion().orElse(UNKNOWN_TRANSFORMERS)));
    }

    /**
     * bert_score's own baseline for the model is its file {@code rescale_baseline/<lang>/<model>.tsv}: a
     * file by that name counts as the model's published baseline ({@code -rescaled}); any other is custom.
     */
    private boolean ownBaseline() {
        return baselineFile.isPresent()
                && String.valueOf(baselineFile.get().getFileName()).equals(model + ".tsv");
    }

    /**
     * bert_score's {@code utils.get_hash}:
     * {@code {model}_L{layer}{_idf|_no-idf}_version={version}(hug_trans={transformers})}, then
     * {@code -rescaled} (or {@code -custom-rescaled} for a custom baseline) when rescaled. bert_score appends
     * {@code _fast-tokenizer} for {@code use_fast_tokenizer=True}; this tokenizer is the model's
     * {@code tokenizer.json} (the fast one), whose ids match the slow tokenizer's for BERT and RoBERTa
     * vocabularies, so the hash names the default setting the numbers compare with.
     */
    public static String hash(
            String model, String layer, boolean idf, boolean rescaled, boolean customBaseline, String transformers) {
        String hash = model + "_L" + layer + (idf ? "_idf" : "_no-idf") + "_version=" + BERT_SCORE_VERSION
                + "(hug_trans=" + transformers + ")";
        if (rescaled) {
            hash += customBaseline ? "-custom-rescaled" : "-rescaled";
        }
        return hash;
    }
}
