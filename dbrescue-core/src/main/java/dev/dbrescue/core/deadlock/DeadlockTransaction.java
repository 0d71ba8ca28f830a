package dev.dbrescue.core.deadlock;

import java.util.List;

/**
 * One participant of a deadlock, with what the report says about it. Absent values are null.
 *
 * @param trxId        the transaction id as printed (decimal, hex, or two-part {@code 0 1234} normalised to one
 *                     number where it is unambiguous); PostgreSQL: the transaction id if logged
 * @param threadId     MySQL thread (processlist) id; PostgreSQL: the process id
 * @param state        InnoDB's transaction state text, e.g. {@code starting index read}
 * @param lockStructs  InnoDB {@code lock struct(s)}
 * @param rowLocks     InnoDB {@code row lock(s)}
 * @param undoEntries  InnoDB {@code undo log entries}
 * @param query        the statement the report shows for it (InnoDB: the one running when the deadlock happened)
 * @param holds        locks it holds, as far as the report lists them (MySQL before 8.0.18 prints them only for the
 *                     second transaction; PostgreSQL only for the DETAIL lines)
 * @param waitingFor   the lock it waits for
 * @param victim       the transaction the server rolled back
 * @param earlier      the statements it ran before {@code query}, when a live server was asked for them; null when
 *                     not asked or it did not remember (never in the report itself)
 */
public record DeadlockTransaction(String trxId, Long threadId, String user, String host, String state,
                                  Double activeSeconds, Integer tablesInUse, Integer tablesLocked, Long lockStructs,
                                  Long rowLocks, Long undoEntries, String query, List<DeadlockLock> holds,
                                  DeadlockLock waitingFor, boolean victim, EarlierStatements earlier) {

    public DeadlockTransaction {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    /** As a report shows it: no earlier statements. */
    public DeadlockTransaction(String trxId, Long threadId, String user, String host, String state,
                               Double activeSeconds, Integer tablesInUse, Integer tablesLocked, Long lockStructs,
                               Long rowLocks, Long undoEntries, String query, List<DeadlockLock> holds,
                               DeadlockLock waitingFor, boolean victim) {
        this(trxId, threadId, user, host, state, activeSeconds, tablesInUse, tablesLocked, lockStructs, rowLocks,
                undoEntries, query, holds, waitingFor, victim, null);
    }

    /** The same transaction with other locks (e.g. with their record fields named). */
    public DeadlockTransaction withLocks(List<DeadlockLock> holds, DeadlockLock waitingFor) {
        return new DeadlockTransaction(trxId, threadId, user, host, state, activeSeconds, tablesInUse, tablesLocked,
                lockStructs, rowLocks, undoEntries, query, holds, waitingFor, victim, earlier);
    }

    /** The same transaction with the statements it ran before {@code query}. */
    public DeadlockTransaction withEarlier(EarlierStatements earlier) {
        return new DeadlockTransaction(trxId, threadId, user, host, state, activeSeconds, tablesInUse, tablesLocked,
                lockStructs, rowLocks, undoEntries, query, holds, waitingFor, victim, earlier);
    }
}
