package dev.dbrescue.core.error;

/**
 * Every way dbrescue can fail that a user can cause, with its documented exit code (README, "Exit codes").
 * 0 and 1 are results (nothing found / something found), so errors start at 2.
 */
public enum ErrorCode {
    USAGE(2, "bad option or argument"),
    CONNECTION(3, "server unreachable"),
    AUTHENTICATION(4, "authentication failed"),
    PRIVILEGE(5, "missing privilege"),
    UNSUPPORTED_SERVER(6, "unsupported server"),
    BAD_INPUT(7, "malformed input"),
    ACTION_FAILED(8, "action failed"),
    INTERNAL(10, "internal error");

    private final int exitCode;
    private final String description;

    ErrorCode(int exitCode, String description) {
        this.exitCode = exitCode;
        this.description = description;
    }

    public int exitCode() {
        return exitCode;
    }

    public String description() {
        return description;
    }
}
