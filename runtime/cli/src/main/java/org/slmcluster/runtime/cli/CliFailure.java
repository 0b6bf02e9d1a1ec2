package org.slmcluster.runtime.cli;

/**
 * A failure a command reports to the user as one clear line and an exit code, without a stack trace
 * (missing file, mismatched inputs, unreachable coordinator...). Throw it from any command.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for bad input the user can fix (file missing, line counts differ, bad value). */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failure of the system (cluster unreachable, engine failed). */
    public static final int FAILED = 1;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliFailure badInput(String message) {
        return new CliFailure(BAD_INPUT, message);
    }

    public static CliFailure failed(String message) {
        return new CliFailure(FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
