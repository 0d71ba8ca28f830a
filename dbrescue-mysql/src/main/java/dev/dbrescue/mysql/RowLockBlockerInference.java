package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A FALLBACK, not the server's word: guesses who blocks an InnoDB row lock wait that information_schema.INNODB_LOCK_WAITS
 * lists no blocker for. MariaDB 10.11.5 (the testkit's embedded server) leaves INNODB_LOCK_WAITS empty, and
 * INNODB_LOCKS without the holder's lock, when the blocking lock is a shared or gap lock held by another transaction
 * and the waiter already held a lock on the same record or gap, taken before the holder's (with the holder's taken
 * first, the wait is listed): e.g. A and B both {@code SELECT ... LOCK IN SHARE MODE} a row,
 * then A updates it; B inserted a child row (foreign key check: S lock on the parent row), then A updates the parent
 * row; A and B both {@code SELECT ... FOR UPDATE} a missing key of the same gap, then A inserts into it. INNODB_TRX
 * still shows the waiter in LOCK WAIT with trx_requested_lock_id, and the holder as a RUNNING transaction with
 * trx_rows_locked &gt;= 1. MariaDB 10.11.19 lists the same waits.
 *
 * <p>The inference: a session can hold a row lock on table T only if its transaction holds a metadata lock on T (it
 * touched T; transaction-duration MDL lasts until it ends) or on a table whose foreign key references T (InnoDB's
 * foreign key check locks the parent row without the SQL layer locking the parent table: seen on 10.11.5, the holder
 * of the parent row's S lock holds an MDL on the child table only). So the blockers of a waiter are among the other
 * sessions that hold at least one row lock and such a metadata lock. Each of them gets a HARD edge with the waiter's
 * requested lock and no blocking lock; some may be innocent (their row locks may be elsewhere), which the caller says
 * in a limitation. Pure: no SQL here.
 */
final class RowLockBlockerInference {

    /**
     * A row lock waiter that the lock-wait source gave no edge for.
     *
     * @param requested the lock it asked for, as INNODB_LOCKS shows it ({@link InnodbLockWaitsReader#lockRef}); null
     *                  when INNODB_LOCKS did not list it
     */
    record Waiter(long sessionId, LockRef requested, Double waitSeconds) {
    }

    /**
     * A granted table metadata lock.
     *
     * @param referencedTable InnoDB's internal name ({@code db/table}) of a table that a foreign key of this table
     *                        references (information_schema.INNODB_SYS_FOREIGN.REF_NAME), null for none; a table with
     *                        several foreign keys comes once per key
     */
    record TableLock(long sessionId, String schema, String table, String referencedTable) {
    }

    /** The inferred edges, the waiters they came from, and the waiters no candidate was found for. */
    record Result(WaitEdges edges, List<Long> inferred, List<Long> unresolved) {
    }

    private RowLockBlockerInference() {
    }

    /**
     * Row locks a session holds. trx_rows_locked also counts the record of a pending request (InnoDB sets its bit in
     * a lock struct of its own), so a session in LOCK WAIT holds one fewer than it shows.
     */
    static long heldRowLocks(ProcessRow session) {
        long rows = session.rowsLocked() == null ? 0 : session.rowsLocked();
        return session.rowLockWait() ? rows - 1 : rows;
    }

    /**
     * Sessions that could block an orphan waiter: those holding a row lock, except the orphan waiters themselves.
     * Two orphan waiters on one table would each be the other's candidate, and a cycle in the graph reads as a
     * deadlock; but a real cycle of InnoDB waits is broken by InnoDB's deadlock detector at once, so they do not
     * block each other, and leaving them out avoids reporting a deadlock that does not exist.
     */
    static Set<Long> candidates(List<ProcessRow> sessions, Set<Long> orphanIds) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ProcessRow session : sessions) {
            if (!orphanIds.contains(session.id()) && heldRowLocks(session) > 0) {
                ids.add(session.id());
            }
        }
        return ids;
    }

    /**
     * @param candidates sessions from {@link #candidates}
     * @param tableLocks granted table metadata locks of (at least) the candidates
     */
    static Result infer(List<Waiter> waiters, Set<Long> candidates, List<TableLock> tableLocks) {
        WaitEdges edges = new WaitEdges();
        List<Long> inferred = new ArrayList<>();
        List<Long> unresolved = new ArrayList<>();
        for (Waiter waiter : waiters) {
            Set<Long> blockers = blockers(waiter, candidates, tableLocks);
            if (blockers.isEmpty()) {
                unresolved.add(waiter.sessionId());
                continue;
            }
            inferred.add(waiter.sessionId());
            for (long blocker : blockers) {
                edges.addWait(new LockWait(waiter.sessionId(), blocker, WaitKind.HARD, waiter.requested(), null,
                        waiter.waitSeconds()));
            }
        }
        return new Result(edges, inferred, unresolved);
    }

    private static Set<Long> blockers(Waiter waiter, Set<Long> candidates, List<TableLock> tableLocks) {
        Set<Long> blockers = new LinkedHashSet<>();
        LockRef requested = waiter.requested();
        // Only record locks: an InnoDB table lock's holder need not hold any row lock.
        if (requested == null || !"RECORD".equalsIgnoreCase(requested.type()) || requested.table() == null) {
            return blockers;
        }
        for (TableLock lock : tableLocks) {
            if (lock.sessionId() != waiter.sessionId() && candidates.contains(lock.sessionId())
                    && (sameTable(lock, requested) || references(lock, requested))) {
                blockers.add(lock.sessionId());
            }
        }
        return blockers;
    }

    /**
     * Case-insensitive: with lower_case_table_names = 2 the metadata lock key and InnoDB's name may differ in case,
     * and missing a blocker is worse than the rare pair of tables whose names differ only in case.
     */
    private static boolean sameTable(TableLock lock, LockRef requested) {
        return lock.table() != null && lock.table().equalsIgnoreCase(requested.table())
                && (requested.schema() == null || requested.schema().equalsIgnoreCase(lock.schema()));
    }

    /**
     * InnoDB's internal names are {@code db/table} in its filename encoding, which equals the SQL name for letters,
     * digits and {@code _}; other names do not match and such foreign keys are not followed.
     */
    private static boolean references(TableLock lock, LockRef requested) {
        return lock.referencedTable() != null && requested.schema() != null
                && lock.referencedTable().equalsIgnoreCase(requested.schema() + "/" + requested.table());
    }
}
