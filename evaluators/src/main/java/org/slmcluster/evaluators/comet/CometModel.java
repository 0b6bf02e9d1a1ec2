package org.slmcluster.evaluators.comet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slmcluster.evaluators.encoder.EncoderException;
import org.slmcluster.evaluators.encoder.OnnxEncoder;

/**
 * A COMET model directory: the encoder export ({@code model.onnx} with its hidden states as outputs,
 * {@code tokenizer.json}) and the head ({@value #ESTIMATOR_FILE}, see {@link CometEstimator#load}).
 * docs/encoders.md shows how to make one from unbabel-comet's wmt22-comet-da checkpoint.
 */
public final class CometModel implements AutoCloseable {

    public static final String ESTIMATOR_FILE = "estimator.safetensors";

    private final String name;
    private final OnnxEncoder encoder;
    private final Comet comet;

    private CometModel(String name, OnnxEncoder encoder, Comet comet) {
        this.name = name;
        this.encoder = encoder;
        this.comet = comet;
    }

    /**
     * Loads the directory's encoder and head.
     *
     * @throws EncoderException a file is missing or unusable, or head and encoder do not fit (the message
     *     says which)
     */
    public static CometModel loadDirectory(Path directory) {
        Path head = directory.resolve(ESTIMATOR_FILE);
        if (Files.isDirectory(directory) && !Files.isRegularFile(head)) {
            throw new EncoderException("COMET model directory " + directory + " has no " + ESTIMATOR_FILE
                    + " (the estimator head; docs/encoders.md)");
        }
        CometEstimator estimator;
        OnnxEncoder encoder = OnnxEncoder.loadDirectory(directory);
        try {
            estimator = CometEstimator.load(head);
            return new CometModel(String.valueOf(directory.getFileName()), encoder, new Comet(encoder, estimator));
        } catch (IOException | IllegalArgumentException e) {
            encoder.close();
            throw new EncoderException("COMET model " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The directory's name, for signatures. */
    public String name() {
        return name;
    }

    public Comet comet() {
        return comet;
    }

    /** Longest token sequence the encoder takes; longer texts are cut. */
    public int maxLength() {
        return encoder.maxLength();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
