package dev.dbrescue.retry;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryableErrorsTest {

    @Test
    void mysqlDeadlockIsRecognisedByItsErrorCode() {
        // What MySQL and MariaDB send: ERROR 1213 (40001): Deadlock found when trying to get lock
        assertThat(RetryableErrors.reason(new SQLTransactionRollbackException("Deadlock found", "40001", 1213)))
                .contains(RetryReason.DEADLOCK);
        assertThat(RetryableErrors.reason(new SQLException("Deadlock found", null, 1213))).contains(RetryReason.DEADLOCK);
    }

    @Test
    void mysqlLockWaitTimeoutIsRecognisedByItsErrorCode() {
        // ERROR 1205 (HY000): Lock wait timeout exceeded; try restarting transaction
        assertThat(RetryableErrors.reason(new SQLException("Lock wait timeout exceeded", "HY000", 1205)))
                .contains(RetryReason.LOCK_TIMEOUT);
    }

    @Test
    void postgresCodesAreRecognisedBySqlState() {
        assertThat(RetryableErrors.reason(new SQLException("deadlock detected", "40P01"))).contains(RetryReason.DEADLOCK);
        assertThat(RetryableErrors.reason(new SQLException("could not serialize access", "40001")))
                .contains(RetryReason.SERIALIZATION_FAILURE);
        assertThat(RetryableErrors.reason(new SQLException("canceling statement due to lock timeout", "55P03")))
                .contains(RetryReason.LOCK_TIMEOUT);
    }

    @Test
    void state40001WithMysqlDeadlockCodeIsADeadlockNotASerializationFailure() {
        assertThat(RetryableErrors.reason(new SQLException("Deadlock", "40001", 1213))).contains(RetryReason.DEADLOCK);
        assertThat(RetryableErrors.reason(new SQLException("could not serialize", "40001", 0)))
                .contains(RetryReason.SERIALIZATION_FAILURE);
    }

    @Test
    void otherErrorsAreNotRetryable() {
        assertThat(RetryableErrors.reason(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062)))
                .isEmpty();
        assertThat(RetryableErrors.reason(new SQLException("duplicate key value", "23505"))).isEmpty();
        assertThat(RetryableErrors.reason(new SQLException("connection lost", "08006"))).isEmpty();
        assertThat(RetryableErrors.reason(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEmpty();
        assertThat(RetryableErrors.reason(new SQLException("Query execution was interrupted", "70100", 1317))).isEmpty();
        assertThat(RetryableErrors.reason(new SQLException("no state, no code"))).isEmpty();
        assertThat(RetryableErrors.reason(new IllegalStateException("not SQL at all"))).isEmpty();
        assertThat(RetryableErrors.reason(null)).isEmpty();
        assertThat(RetryableErrors.isRetryable(new SQLException("x", "42P01"))).isFalse();
    }

    @Test
    void aWrappedDeadlockIsFoundInTheCauseChain() {
        // Frameworks wrap: Spring's DataAccessException, jOOQ's DataAccessException, an application's own.
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        RuntimeException wrapped = new RuntimeException("transfer failed",
                new IllegalStateException("repository", new UncheckedIOException("io?", new java.io.IOException(deadlock))));
        assertThat(RetryableErrors.reason(wrapped)).contains(RetryReason.DEADLOCK);
        assertThat((Throwable) RetryableErrors.retryableException(wrapped)).isSameAs(deadlock);
    }

    @Test
    void aDeadlockBehindGetNextExceptionIsFound() {
        // pgjdbc reports a failed batch as a BatchUpdateException whose next exception carries the server's error.
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        SQLException first = new SQLException("something else", "XX000");
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        batch.setNextException(first);
        batch.setNextException(deadlock); // appended after first
        assertThat((Throwable) RetryableErrors.retryableException(batch)).isSameAs(deadlock);
    }

    @Test
    void theCauseOfANextExceptionIsFound() {
        SQLException outer = new SQLException("outer", "HY000");
        SQLException next = new SQLException("next", "HY000", new SQLException("Lock wait timeout", "HY000", 1205));
        outer.setNextException(next);
        assertThat(RetryableErrors.reason(outer)).contains(RetryReason.LOCK_TIMEOUT);
    }

    @Test
    void theFirstRetryableExceptionWinsAndCausesComeBeforeNextExceptions() {
        SQLException outer = new SQLException("outer", "HY000", new SQLException("timeout", "HY000", 1205));
        outer.setNextException(new SQLException("deadlock", "40P01"));
        assertThat(RetryableErrors.reason(outer)).contains(RetryReason.LOCK_TIMEOUT);
    }

    @Test
    void cyclesInCausesAndNextExceptionsEnd() {
        Exception a = new Exception("a");
        Exception b = new Exception("b");
        a.initCause(b);
        b.initCause(a);
        assertThat(RetryableErrors.reason(a)).isEmpty();

        SQLException s1 = new SQLException("s1", "HY000");
        SQLException s2 = new SQLException("s2", "HY000");
        s1.setNextException(s2);
        s2.setNextException(s1);
        assertThat(RetryableErrors.reason(s1)).isEmpty();

        SQLException s3 = new SQLException("s3", "HY000");
        SQLException s4 = new SQLException("s4", "55P03");
        s3.setNextException(s3.getNextException()); // null: no-op
        s3.initCause(s1);
        s1.initCause(s4);
        assertThat(RetryableErrors.reason(s3)).isEqualTo(Optional.of(RetryReason.LOCK_TIMEOUT));
    }

    @Test
    void aVeryLongChainIsCutOffRatherThanWalkedForever() {
        Exception chain = new SQLException("deadlock at the bottom", "40P01");
        for (int i = 0; i < 500; i++) {
            chain = new RuntimeException("layer " + i, chain);
        }
        assertThat(RetryableErrors.reason(chain)).isEmpty();
        Exception shortChain = new SQLException("deadlock", "40P01");
        for (int i = 0; i < 50; i++) {
            shortChain = new RuntimeException("layer " + i, shortChain);
        }
        assertThat(RetryableErrors.reason(shortChain)).contains(RetryReason.DEADLOCK);
    }
}
