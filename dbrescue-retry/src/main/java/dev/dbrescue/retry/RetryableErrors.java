package dev.dbrescue.retry;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure worth retrying from one that is not. A failure is retryable when it, any exception in its
 * {@link Throwable#getCause() cause} chain, or any exception chained by {@link SQLException#getNextException()} is
 * one of these:
 *
 * <table>
 *   <caption>Retryable errors</caption>
 *   <tr><th>Server</th><th>Code</th><th>Reason</th><th>Why a retry can succeed</th></tr>
 *   <tr><td>MySQL, MariaDB</td><td>error 1213 {@code ER_LOCK_DEADLOCK}, SQLSTATE 40001</td><td>{@link RetryReason#DEADLOCK}</td>
 *       <td>InnoDB found a cycle of lock waits and rolled back the whole transaction of one member, the victim, so that
 *       the others can go on. Nothing of the victim remains; once the others commit, the same statements usually go
 *       through. The manual: "you must write your applications so that they are always prepared to re-issue a
 *       transaction if it gets rolled back because of a deadlock". Galera clusters (MariaDB) report a certification
 *       conflict at {@code COMMIT} with the same 1213.</td></tr>
 *   <tr><td>MySQL, MariaDB</td><td>error 1205 {@code ER_LOCK_WAIT_TIMEOUT}, SQLSTATE HY000</td><td>{@link RetryReason#LOCK_TIMEOUT}</td>
 *       <td>A statement waited {@code innodb_lock_wait_timeout} seconds (default 50) for a row lock, or
 *       {@code lock_wait_timeout} for a metadata lock, that another transaction held. The holder usually finishes;
 *       a later attempt finds the lock free. By default InnoDB rolls back only the statement that timed out and
 *       leaves the transaction open with the locks it already took ({@code innodb_rollback_on_timeout=OFF}), which is
 *       why {@link DeadlockRetry} rolls the whole transaction back before it retries.</td></tr>
 *   <tr><td>PostgreSQL</td><td>SQLSTATE 40P01 {@code deadlock_detected}</td><td>{@link RetryReason#DEADLOCK}</td>
 *       <td>After {@code deadlock_timeout} the waiting backend found a cycle and cancelled its own statement, which
 *       aborts its transaction; the others go on. The manual advises retrying deadlock failures.</td></tr>
 *   <tr><td>PostgreSQL</td><td>SQLSTATE 40001 {@code serialization_failure}</td><td>{@link RetryReason#SERIALIZATION_FAILURE}</td>
 *       <td>A REPEATABLE READ or SERIALIZABLE transaction saw a concurrent change it could not be ordered with. The
 *       manual: "it's recommendable to just retry serialization_failure errors unconditionally". 40001 is also the
 *       SQLSTATE MySQL and MariaDB send with 1213; with that code it counts as a deadlock.</td></tr>
 *   <tr><td>PostgreSQL</td><td>SQLSTATE 55P03 {@code lock_not_available}</td><td>{@link RetryReason#LOCK_TIMEOUT}</td>
 *       <td>A statement waited longer than {@code lock_timeout} for a lock (or asked for it with {@code NOWAIT}) and
 *       was cancelled, which aborts the transaction. As with 1205, the holder usually finishes soon.</td></tr>
 * </table>
 *
 * Everything else is not retried: a duplicate key or another constraint is a fact that a second attempt would meet
 * again, and a broken connection ({@code 08xxx}) during {@code COMMIT} leaves the outcome unknown, so running the
 * transaction again could apply it twice. MySQL error numbers are matched on {@link SQLException#getErrorCode()},
 * which the PostgreSQL driver always leaves at 0.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/innodb-deadlocks-handling.html">MySQL: How to Minimize and
 *      Handle Deadlocks</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/innodb-error-handling.html">MySQL: InnoDB Error Handling
 *      (what a deadlock and a lock wait timeout roll back)</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/innodb-parameters.html#sysvar_innodb_lock_wait_timeout">MySQL:
 *      innodb_lock_wait_timeout</a>
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html">MySQL: Server Error
 *      Message Reference (ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK)</a>
 * @see <a href="https://mariadb.com/docs/server/reference/error-codes/mariadb-error-codes-1200-to-1299/e1213">MariaDB:
 *      Error 1213</a>
 * @see <a href="https://mariadb.com/docs/server/reference/error-codes/mariadb-error-codes-1200-to-1299/e1205">MariaDB:
 *      Error 1205</a>
 * @see <a href="https://www.postgresql.org/docs/current/mvcc-serialization-failure-handling.html">PostgreSQL:
 *      Serialization Failure Handling</a>
 * @see <a href="https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS">PostgreSQL:
 *      Deadlocks</a>
 * @see <a href="https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT">PostgreSQL:
 *      lock_timeout</a>
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL: Error Codes</a>
 */
public final class RetryableErrors {

    /** MySQL/MariaDB {@code ER_LOCK_DEADLOCK}. */
    public static final int MYSQL_DEADLOCK = 1213;
    /** MySQL/MariaDB {@code ER_LOCK_WAIT_TIMEOUT}. */
    public static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
    /** PostgreSQL {@code deadlock_detected}. */
    public static final String POSTGRES_DEADLOCK = "40P01";
    /** SQL standard {@code serialization_failure}: PostgreSQL's, and MySQL's SQLSTATE for 1213. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** PostgreSQL {@code lock_not_available}: {@code lock_timeout} or {@code NOWAIT}. */
    public static final String POSTGRES_LOCK_NOT_AVAILABLE = "55P03";

    /**
     * How many exceptions of one failure are looked at. Cause chains are short; the limit only guards against a
     * pathological chain built by some wrapper.
     */
    private static final int MAX_EXCEPTIONS = 100;

    private RetryableErrors() {
    }

    /** True when {@link #reason} finds a reason to retry. */
    public static boolean isRetryable(Throwable failure) {
        return reason(failure).isPresent();
    }

    /**
     * The reason to retry {@code failure}, from the first retryable exception met walking its causes and next
     * exceptions (depth first, the failure itself first); empty when there is none or {@code failure} is null.
     */
    public static Optional<RetryReason> reason(Throwable failure) {
        return Optional.ofNullable(retryableException(failure)).flatMap(RetryableErrors::reasonOf);
    }

    /** The exception {@link #reason} takes its reason from, or null. */
    static SQLException retryableException(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.push(failure);
        }
        while (!pending.isEmpty() && seen.size() < MAX_EXCEPTIONS) {
            Throwable current = pending.pop();
            if (!seen.add(current)) {
                continue; // a cycle: causes and next exceptions may point back
            }
            if (current instanceof SQLException sql) {
                if (reasonOf(sql).isPresent()) {
                    return sql;
                }
                if (sql.getNextException() != null) {
                    pending.push(sql.getNextException());
                }
            }
            if (current.getCause() != null) {
                pending.push(current.getCause()); // pushed last, so looked at before the next exception
            }
        }
        return null;
    }

    /** The reason to retry this one exception alone, not looking at its causes. */
    static Optional<RetryReason> reasonOf(SQLException exception) {
        // The vendor code first: MySQL sends 40001 with 1213, and 40001 alone means PostgreSQL's serialization failure.
        switch (exception.getErrorCode()) {
            case MYSQL_DEADLOCK:
                return Optional.of(RetryReason.DEADLOCK);
            case MYSQL_LOCK_WAIT_TIMEOUT:
                return Optional.of(RetryReason.LOCK_TIMEOUT);
            default:
                break;
        }
        String state = exception.getSQLState();
        if (state == null) {
            return Optional.empty();
        }
        return switch (state) {
            case POSTGRES_DEADLOCK -> Optional.of(RetryReason.DEADLOCK);
            case SERIALIZATION_FAILURE -> Optional.of(RetryReason.SERIALIZATION_FAILURE);
            case POSTGRES_LOCK_NOT_AVAILABLE -> Optional.of(RetryReason.LOCK_TIMEOUT);
            default -> Optional.empty();
        };
    }
}
