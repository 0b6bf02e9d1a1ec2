package org.slmcluster.runtime.lifecycle;

/** A request about stored or placed models that cannot be done as asked; the message names the reason. */
public final class LifecycleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal: the HTTP API maps it to 400, 404 or 409. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    public LifecycleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static LifecycleException badRequest(String message) {
        return new LifecycleException(Kind.BAD_REQUEST, message);
    }

    static LifecycleException notFound(String message) {
        return new LifecycleException(Kind.NOT_FOUND, message);
    }

    static LifecycleException conflict(String message) {
        return new LifecycleException(Kind.CONFLICT, message);
    }
}
