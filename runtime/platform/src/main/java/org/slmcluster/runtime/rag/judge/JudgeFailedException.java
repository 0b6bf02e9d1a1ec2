package org.slmcluster.runtime.rag.judge;

/**
 * The judge model could not answer (engine error, cluster failure, timeout). RAGAS metrics count it as
 * a judge error and retry; an item whose attempts all fail gets a judge failure, never a zero.
 */
public final class JudgeFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JudgeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
