package org.slmcluster.evaluators.rag;

/** The judge's output is not the JSON the prompt asked for; the message says what is wrong. */
public final class MalformedVerdictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedVerdictException(String message) {
        super(message);
    }
}
