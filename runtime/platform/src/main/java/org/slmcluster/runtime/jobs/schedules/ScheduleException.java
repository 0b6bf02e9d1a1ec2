package org.slmcluster.runtime.jobs.schedules;

/** A schedule request that cannot be done as asked; the message names the reason in one line. */
public final class ScheduleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP API maps these to 400 and 404. */
    public enum Kind {
        BAD_REQUEST,
        NOT_FOUND
    }

    private final Kind kind;

    public ScheduleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ScheduleException badRequest(String message) {
        return new ScheduleException(Kind.BAD_REQUEST, message);
    }

    static ScheduleException notFound(String message) {
        return new ScheduleException(Kind.NOT_FOUND, message);
    }
}
