package org.slmcluster.runtime.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slmcluster.evaluators.encoder.EncodedText;
import org.slmcluster.evaluators.encoder.OnnxEncoder;
import org.slmcluster.evaluators.encoder.SentenceEncoder;
import org.slmcluster.evaluators.encoder.TokenEncoder;
import org.slmcluster.evaluators.encoder.TokenIds;

/**
 * The encoder of the member that scores, loaded once on first need: a coordinator whose jobs never ask
 * for BERTScore or embedding similarity never holds the model in memory. A failed load is not remembered,
 * so a job started after the files were fixed loads it.
 */
public final class ScoringEncoder implements TokenEncoder, SentenceEncoder, AutoCloseable {

    /** The bundled all-MiniLM-L6-v2 in signatures: not bert_score's roberta-large, and it says so. */
    public static final String BUNDLED_SIGNATURE_NAME = "all-MiniLM-L6-v2-int8(bundled default)";

    private final String name;
    private final String description;
    private final Supplier<OnnxEncoder> loader;
    private OnnxEncoder encoder;
    private boolean closed;

    /**
     * @param name        the encoder in score signatures (e.g. {@code all-MiniLM-L6-v2-int8(bundled default)})
     * @param description what is loaded, for messages (e.g. {@code the bundled all-MiniLM-L6-v2})
     * @param loader      loads the model; throws (an {@code EncoderException}) with the reason it cannot
     */
    public ScoringEncoder(String name, String description, Supplier<OnnxEncoder> loader) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The bundled all-MiniLM-L6-v2 (int8) of the evaluators, as {@code slm score bertscore} loads it. */
    public static ScoringEncoder bundled() {
        return new ScoringEncoder(
                BUNDLED_SIGNATURE_NAME, "the bundled encoder " + OnnxEncoder.DEFAULT_NAME, OnnxEncoder::loadDefault);
    }

    /** An ONNX export with {@code model.onnx} and {@code tokenizer.json} in {@code directory}. */
    public static ScoringEncoder directory(Path directory) {
        return new ScoringEncoder(
                String.valueOf(directory.getFileName()),
                "the encoder in " + directory,
                () -> OnnxEncoder.loadDirectory(directory));
    }

    public String description() {
        return description;
    }

    /** Loads the model unless it is loaded; throws with the loader's reason when it cannot. */
    public synchronized OnnxEncoder load() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
        if (encoder == null) {
            encoder = loader.get();
        }
        return encoder;
    }

    /** The encoder in score signatures; the bundled one says it is the bundled default. */
    public String name() {
        return name;
    }

    @Override
    public List<EncodedText> encode(List<String> texts) {
        return load().encode(texts);
    }

    /** The loaded encoder's view of that layer (loads the model). */
    @Override
    public TokenEncoder atLayer(int layer) {
        return load().atLayer(layer);
    }

    @Override
    public List<TokenIds> tokenize(List<String> texts) {
        return load().tokenize(texts);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return load().embed(texts);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
