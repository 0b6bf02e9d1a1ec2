package org.slmcluster.evaluators.encoder;

/** The encoder could not be loaded or could not run (missing files, bad model, ONNX Runtime error). */
public final class EncoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
