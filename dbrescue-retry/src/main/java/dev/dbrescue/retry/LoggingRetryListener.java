package dev.dbrescue.retry;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** {@link RetryListener#logging}: one line per event, with the error that explains it. */
final class LoggingRetryListener implements RetryListener {

    private final System.Logger logger;

    LoggingRetryListener(System.Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void onRetry(int attempt, Exception failure, Duration delay) {
        if (logger.isLoggable(Level.INFO)) {
            logger.log(Level.INFO, "Transaction attempt " + attempt + " failed (" + describe(failure)
                    + "); retrying in " + delay.toMillis() + " ms");
        }
    }

    @Override
    public void onSuccess(int attempts) {
        if (attempts > 1 && logger.isLoggable(Level.INFO)) {
            logger.log(Level.INFO, "Transaction committed on attempt " + attempts);
        }
    }

    @Override
    public void onGiveUp(int attempts, Exception failure) {
        logger.log(Level.WARNING, "Gave up on the transaction after " + attempts + " attempt(s) (" + describe(failure)
                + ")", failure);
    }

    /** {@code deadlock, SQLState 40001, error 1213}: what a reader needs to tell the failures apart. */
    static String describe(Exception failure) {
        SQLException sql = RetryableErrors.retryableException(failure);
        if (sql == null) {
            return "not retryable, " + failure.getClass().getName();
        }
        String reason = RetryableErrors.reasonOf(sql).orElseThrow().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return reason + ", SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode();
    }
}
