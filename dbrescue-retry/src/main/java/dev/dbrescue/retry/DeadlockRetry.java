package dev.dbrescue.retry;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * Runs a JDBC unit of work in a transaction and runs it again when the transaction was chosen as a deadlock victim,
 * hit a lock timeout or failed to serialize ({@link RetryableErrors} lists the codes and why each is worth a retry).
 * <pre>{@code
 * DeadlockRetry retry = DeadlockRetry.builder()
 *         .maxAttempts(5)
 *         .initialBackoff(Duration.ofMillis(20))
 *         .maxBackoff(Duration.ofSeconds(1))
 *         .listener(RetryListener.logging(System.getLogger("app.transfers")))
 *         .build();
 * long balance = retry.inTransaction(dataSource, connection -> {
 *     debit(connection, from, amount);
 *     credit(connection, to, amount);
 *     return balanceOf(connection, from);
 * });
 * }</pre>
 * Each attempt sets autocommit off, runs the unit, and commits; any failure rolls the transaction back before
 * anything else happens. A retryable failure is retried after a pause drawn by {@link Backoff}, until
 * {@link Builder#maxAttempts} attempts were made or the optional {@link Builder#maxElapsed time budget} would be
 * exceeded; then the last failure is thrown, with the earlier attempts' failures {@linkplain Throwable#getSuppressed()
 * suppressed} in it. A failure that is not retryable is thrown at once, as it came. Autocommit is restored to what it
 * was after every attempt.
 * <p>
 * Given a {@link DataSource} or a {@link ConnectionSource}, each attempt takes a connection of its own and closes it
 * before the pause, so that no pooled connection is held while waiting. Given a {@link Connection}, every attempt
 * runs on it and it is left open; if it was already in manual-commit mode, whatever it did before the call is
 * committed or rolled back with the first attempt, so give it with no transaction in progress.
 * <p>
 * If the thread is interrupted during a pause, the retries stop, the interrupt flag stays set, and the last failure
 * is thrown with the {@link InterruptedException} suppressed in it. Instances are immutable and thread-safe; keep
 * one per kind of transaction.
 */
public final class DeadlockRetry {

    private static final System.Logger LOG = System.getLogger("dev.dbrescue.retry");

    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration maxElapsed;
    private final RetryListener listener;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;

    private DeadlockRetry(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff, builder.multiplier, builder.jitter);
        this.maxElapsed = builder.maxElapsed;
        this.listener = builder.listener;
        this.sleeper = builder.sleeper;
        this.nanoTime = builder.nanoTime;
        this.random = builder.random;
    }

    /** A builder with the defaults: 5 attempts, 20 ms doubling up to 1 s with full jitter, no time budget. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code work} in a transaction on a connection of {@code dataSource}, a new one for each attempt, closed
     * when the attempt ends.
     *
     * @return what the attempt that committed returned
     * @throws SQLException the failure that was not retryable, or the last retryable one when the retries stopped
     */
    public <T> T inTransaction(DataSource dataSource, UnitOfWork<T> work) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        return inTransaction((ConnectionSource) dataSource::getConnection, work);
    }

    /** As {@link #inTransaction(DataSource, UnitOfWork)}, with connections from {@code source}. */
    public <T> T inTransaction(ConnectionSource source, UnitOfWork<T> work) throws SQLException {
        Objects.requireNonNull(source, "source");
        return execute(source, true, work);
    }

    /** Runs {@code work} in a transaction on {@code connection}, every attempt on it; leaves it open. */
    public <T> T inTransaction(Connection connection, UnitOfWork<T> work) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        return execute(() -> connection, false, work);
    }

    private <T> T execute(ConnectionSource source, boolean owned, UnitOfWork<T> work) throws SQLException {
        Objects.requireNonNull(work, "work");
        long started = nanoTime.getAsLong();
        List<Exception> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            int current = attempt;
            Transaction transaction = new Transaction();
            Connection connection = null;
            T result;
            try {
                connection = Objects.requireNonNull(source.open(), "the connection source returned null");
                result = transaction.run(connection, work);
            } catch (Exception failure) {
                if (owned) {
                    closeAfterFailure(connection, failure);
                }
                if (transaction.committed()) {
                    // Only restoring autocommit failed: the work is in the database, so running it again is wrong.
                    notify(() -> listener.onSuccess(current));
                    throw rethrow(failure);
                }
                if (!RetryableErrors.isRetryable(failure)) {
                    throw rethrow(withEarlier(failure, earlier));
                }
                if (!retry(current, failure, started, transaction)) {
                    notify(() -> listener.onGiveUp(current, failure));
                    throw rethrow(withEarlier(failure, earlier));
                }
                earlier.add(failure);
                continue;
            } catch (Error error) {
                if (owned) {
                    closeAfterFailure(connection, error);
                }
                throw error;
            }
            notify(() -> listener.onSuccess(current));
            if (owned) {
                connection.close(); // after the commit: a failure here is the caller's to see, never a retry
            }
            return result;
        }
    }

    /**
     * Decides about and waits for the next attempt after a retryable failure: false when the attempts or the time
     * budget are used up, the rollback failed, or the pause was interrupted.
     */
    private boolean retry(int attempt, Exception failure, long started, Transaction transaction) {
        if (attempt >= maxAttempts || transaction.rollbackFailed()) {
            return false;
        }
        Duration delay = backoff.delay(attempt, random != null ? random : ThreadLocalRandom.current());
        if (maxElapsed != null) {
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - started);
            if (elapsed.plus(delay).compareTo(maxElapsed) > 0) {
                return false;
            }
        }
        notify(() -> listener.onRetry(attempt, failure, delay));
        try {
            if (Thread.interrupted()) { // a zero pause would not notice it
                throw new InterruptedException("interrupted before the pause");
            }
            sleeper.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            return false;
        }
    }

    private static Exception withEarlier(Exception failure, List<Exception> earlier) {
        for (Exception e : earlier) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static void closeAfterFailure(Connection connection, Throwable failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Unit of work and connection sources throw SQLException or unchecked ones; anything else is wrapped. */
    private static SQLException rethrow(Exception failure) {
        if (failure instanceof SQLException sql) {
            return sql;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new SQLException("The unit of work failed: " + failure, failure);
    }

    /** A listener must not change the outcome of the transaction: its failures are logged and dropped. */
    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A RetryListener threw; ignored", e);
        }
    }

    @Override
    public String toString() {
        return "DeadlockRetry[maxAttempts=" + maxAttempts + ", " + backoff
                + (maxElapsed != null ? ", maxElapsed=" + maxElapsed.toMillis() + " ms" : "") + "]";
    }

    /** Settings of a {@link DeadlockRetry}; every one has a default. */
    public static final class Builder {

        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(20);
        private Duration maxBackoff = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private Jitter jitter = Jitter.FULL;
        private Duration maxElapsed;
        private RetryListener listener = RetryListener.NONE;
        private Sleeper sleeper = Sleeper.THREAD;
        private LongSupplier nanoTime = System::nanoTime;
        private RandomGenerator random;

        private Builder() {
        }

        /** How many times the unit may run in all, the first included; 1 means never retry. Default 5. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1 (1 runs the unit once, without retry), was "
                        + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The ceiling of the pause before the first retry. Default 20 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** The largest ceiling of a pause, however many retries came before. Default 1 s. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /** How much the ceiling grows from one retry to the next. Default 2. */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /** How the pause is drawn below the ceiling. Default {@link Jitter#FULL}. */
        public Builder jitter(Jitter jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /**
         * A time budget, counted from the start of the first attempt: no retry starts if its pause would end after
         * it. A running attempt is never cut short (bound those with the server's lock and statement timeouts).
         * Default none.
         */
        public Builder maxElapsed(Duration maxElapsed) {
            Objects.requireNonNull(maxElapsed, "maxElapsed");
            if (maxElapsed.isNegative() || maxElapsed.isZero()) {
                throw new IllegalArgumentException("maxElapsed must be positive, was " + maxElapsed);
            }
            this.maxElapsed = maxElapsed;
            return this;
        }

        /** Hooks for logging and metrics. Default {@link RetryListener#NONE}. */
        public Builder listener(RetryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How to pause; for tests. Default {@link Sleeper#THREAD}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** A monotonic clock in nanoseconds for the time budget; for tests. Default {@link System#nanoTime()}. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * The random numbers for jitter; for tests. It must be safe for the threads that share the
         * {@code DeadlockRetry}. Default {@link ThreadLocalRandom} of the calling thread.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @throws IllegalArgumentException when the backoff settings contradict each other */
        public DeadlockRetry build() {
            return new DeadlockRetry(this);
        }
    }
}
