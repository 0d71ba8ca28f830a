package dev.dbrescue.retry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One attempt's transaction on one connection: manual commit, the unit of work, commit, or rollback on any failure,
 * then autocommit as it was. Remembers whether the commit went through and whether the rollback failed, for
 * {@link DeadlockRetry} to decide about a retry: never after a commit, never on a connection whose rollback failed.
 */
final class Transaction {

    private boolean committed;
    private boolean rollbackFailed;

    /** Runs {@code work} in a transaction of its own on {@code connection} and commits it. */
    <T> T run(Connection connection, UnitOfWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        T result;
        try {
            result = work.run(connection);
            // A commit can fail for the same reasons as a statement: a PostgreSQL SERIALIZABLE transaction is
            // checked at commit (40001), and a Galera cluster certifies a transaction at commit (1213).
            connection.commit();
            committed = true;
        } catch (Throwable failure) {
            rollBack(connection, failure);
            if (autoCommit) {
                restoreAutoCommit(connection, failure);
            }
            throw failure;
        }
        if (autoCommit) {
            connection.setAutoCommit(true); // after the commit: a failure here is reported, never retried
        }
        return result;
    }

    /** True once the commit succeeded: what follows may fail, but the transaction's work is in the database. */
    boolean committed() {
        return committed;
    }

    /** True when the rollback after a failure failed: the connection's state is unknown, do not run on it again. */
    boolean rollbackFailed() {
        return rollbackFailed;
    }

    /**
     * Rolls back the whole transaction. Needed even when the server already rolled it back: after a MySQL lock wait
     * timeout (1205) InnoDB undoes only the statement that waited and the transaction keeps its other locks
     * (innodb_rollback_on_timeout=OFF, the default); after any PostgreSQL error the transaction is aborted and
     * refuses every statement until ROLLBACK.
     */
    private void rollBack(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            rollbackFailed = true;
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection, Throwable failure) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
