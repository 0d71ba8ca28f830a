package dev.dbrescue.retry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The statements of one transaction, run by {@link DeadlockRetry} on a connection whose transaction it owns.
 * <p>
 * It may be run more than once, so it must do nothing that cannot be undone by a rollback and repeated: no
 * {@code commit()}, {@code rollback()} or {@code setAutoCommit} of its own, no e-mail sent, no counter in memory
 * bumped, unless that is meant to happen once per attempt.
 *
 * @param <T> what the unit returns (use {@link Void} and return {@code null} for nothing)
 */
@FunctionalInterface
public interface UnitOfWork<T> {

    /** Runs the statements on {@code connection}, which is in manual-commit mode with no statement of theirs run yet. */
    T run(Connection connection) throws SQLException;
}
