package dev.dbrescue.retry;

import java.time.Duration;

/**
 * Hooks for logging and metrics, called on the thread that runs the transaction. Every method has an empty default,
 * so implement only what you need. A listener that throws is logged (through {@link System.Logger}, name
 * {@code dev.dbrescue.retry}) and otherwise ignored: a broken metrics hook must not turn a committed transaction into
 * a failure, nor stop a retry.
 * <p>
 * Attempts are numbered from 1. For one call of {@code inTransaction} the listener hears either nothing (a failure
 * that is not retryable, on any attempt: it propagates as is), or zero or more {@code onRetry} followed by exactly one
 * {@code onSuccess} or {@code onGiveUp}.
 */
public interface RetryListener {

    /** Hears nothing. */
    RetryListener NONE = new RetryListener() {
    };

    /**
     * Attempt {@code attempt} failed with a retryable {@code failure}; its transaction has been rolled back (and its
     * connection closed, when {@link DeadlockRetry} opened it), and the next attempt starts after {@code delay}.
     * {@link RetryableErrors#reason} tells why the failure is retryable.
     */
    default void onRetry(int attempt, Exception failure, Duration delay) {
    }

    /** Attempt {@code attempts} committed; {@code attempts - 1} retries came before it. */
    default void onSuccess(int attempts) {
    }

    /**
     * Attempt {@code attempts} failed with a retryable {@code failure} and there will be no other: the attempts or the
     * time budget are used up, the thread was interrupted during the pause, or the rollback failed. {@code failure}
     * is then thrown to the caller.
     */
    default void onGiveUp(int attempts, Exception failure) {
    }

    /**
     * A listener that logs to {@code logger}: each retry at {@code INFO}, a commit that needed retries at
     * {@code INFO}, giving up at {@code WARNING}. Messages carry the error code and SQLSTATE, never SQL or values.
     */
    static RetryListener logging(System.Logger logger) {
        return new LoggingRetryListener(logger);
    }
}
