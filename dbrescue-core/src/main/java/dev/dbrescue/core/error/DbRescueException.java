package dev.dbrescue.core.error;

/**
 * The one project exception. Its message is what the user reads: one line that says what happened and what to do.
 * Caught only at the top, where the code becomes the exit code; the cause's stack is shown only with --debug.
 */
public class DbRescueException extends RuntimeException {

    private final ErrorCode code;

    public DbRescueException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DbRescueException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
