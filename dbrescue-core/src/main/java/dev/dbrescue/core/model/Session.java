package dev.dbrescue.core.model;

/**
 * One server session (MySQL processlist thread, PostgreSQL backend) as seen in one snapshot.
 * Durations are seconds, {@code null} where the server does not tell.
 *
 * @param id                 MySQL processlist id / PostgreSQL pid
 * @param state              the server's own words: MySQL {@code COMMAND} (and thread state when busy),
 *                           PostgreSQL {@code state}, e.g. {@code Sleep}, {@code Query}, {@code idle in transaction}
 * @param busy               true while a statement runs (MySQL command other than Sleep, PostgreSQL active)
 * @param inTransaction      an open transaction (InnoDB trx row, PostgreSQL xact_start set)
 * @param query              current statement, or the last one when idle (PostgreSQL shows it; MySQL only while busy)
 * @param transactionSeconds how long the open transaction has run
 * @param idleSeconds        how long the session has done nothing (0 while busy)
 * @param querySeconds       how long the current statement has run
 * @param transactionId      server transaction id, as text
 * @param rowsLocked         InnoDB {@code trx_rows_locked}; null on PostgreSQL
 * @param rowsModified       InnoDB {@code trx_rows_modified}; null on PostgreSQL
 * @param tablesLocked       InnoDB {@code trx_tables_locked}; null on PostgreSQL
 * @param superuser          a privileged account (PostgreSQL superuser; MySQL/MariaDB root or an account with SUPER or
 *                           CONNECTION_ADMIN, where dbrescue may see its grants): first aid leaves it be unless told
 * @param system             the server's own thread or process (replication, event scheduler, autovacuum, background
 *                           workers): first aid never touches it
 */
public record Session(
        long id,
        String user,
        String host,
        String database,
        String application,
        String state,
        boolean busy,
        boolean inTransaction,
        String query,
        Double transactionSeconds,
        Double idleSeconds,
        Double querySeconds,
        String transactionId,
        Long rowsLocked,
        Long rowsModified,
        Long tablesLocked,
        boolean superuser,
        boolean system) {

    /** The seeds' forgotten BEGIN: a transaction open while nothing runs. */
    public boolean idleInTransaction() {
        return inTransaction && !busy;
    }
}
