package dev.dbrescue.core.deadlock;

import dev.dbrescue.core.model.Engine;

import java.time.Instant;
import java.util.List;

/**
 * One deadlock as a server reported it, from any source (SHOW ENGINE INNODB STATUS, an error log, a PostgreSQL log).
 *
 * @param engine         MYSQL for MySQL/Percona/InnoDB reports whose flavour is unknown, MARIADB when the format
 *                       says MariaDB, POSTGRESQL
 * @param detectedAt     when the server detected it, null when the report carries no time
 * @param timeText       the time exactly as printed, for humans and for fingerprints
 * @param victimThreadId the thread (PostgreSQL: pid) the server rolled back or cancelled, null when unknown (e.g.
 *                       MariaDB's {@code (0)} victim, MDEV-29187, when the transaction cannot be matched)
 * @param tooDeep        InnoDB gave up the search ({@code TOO DEEP OR LONG SEARCH}): the cycle may be incomplete
 * @param source         file name (or {@code -}) and the line where the report starts
 */
public record Deadlock(Engine engine, Instant detectedAt, String timeText, Long victimThreadId,
                       List<DeadlockTransaction> transactions, boolean tooDeep, String source, long line) {

    public Deadlock {
        transactions = List.copyOf(transactions);
    }

    /** The same deadlock with its transactions told more about (named fields, earlier statements). */
    public Deadlock withTransactions(List<DeadlockTransaction> transactions) {
        return new Deadlock(engine, detectedAt, timeText, victimThreadId, transactions, tooDeep, source, line);
    }
}
