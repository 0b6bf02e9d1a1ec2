package org.slmcluster.runtime.client;

/**
 * A call to the platform that did not succeed: the server could not be reached, or it answered with an
 * error status ({@link #status()}; its JSON error's type and message when it sent one).
 */
public final class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as a script would branch on it. */
    public enum Kind {
        /** Nothing listens at the address (refused, unknown host, timed out connecting). */
        UNREACHABLE,
        /** The server refused the request as given (4xx except 429): fix the input, the token or the name. */
        REJECTED,
        /** The server failed or is overloaded (5xx, 429), or answered something that is not JSON. */
        FAILED
    }

    private final Kind kind;
    private final int status;
    private final String type;

    public ClientException(Kind kind, int status, String type, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.type = type;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The error type of the server's JSON error ({@code not_found}, {@code unauthorized}...), or null. */
    public String type() {
        return type;
    }
}
