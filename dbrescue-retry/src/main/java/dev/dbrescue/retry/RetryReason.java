package dev.dbrescue.retry;

/**
 * Why a failed transaction may succeed when it is run again from the start. See {@link RetryableErrors} for the
 * error codes behind each reason and the manual pages that say so.
 */
public enum RetryReason {

    /** The server broke a cycle of lock waits by rolling this transaction back: MySQL/MariaDB 1213, PostgreSQL 40P01. */
    DEADLOCK,

    /** A lock wait gave up before the lock was granted: MySQL/MariaDB 1205, PostgreSQL 55P03. */
    LOCK_TIMEOUT,

    /** PostgreSQL could not serialize the transaction with a concurrent one (REPEATABLE READ, SERIALIZABLE): 40001. */
    SERIALIZATION_FAILURE
}
