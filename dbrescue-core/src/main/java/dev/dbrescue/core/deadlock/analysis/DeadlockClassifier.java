package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;

import java.util.List;
import java.util.Locale;

/**
 * Names a deadlock's pattern from its locks and statements. Rules are tried from the most specific to the most
 * general; each says in a comment what in the report gives it away.
 */
public final class DeadlockClassifier {

    private DeadlockClassifier() {
    }

    public static DeadlockPattern classify(Deadlock deadlock) {
        return classify(deadlock, DeadlockEdges.of(deadlock));
    }

    /** {@link #classify(Deadlock)} with the deadlock's {@link DeadlockEdges edges} already known. */
    static DeadlockPattern classify(Deadlock deadlock, List<WaitEdge> edges) {
        List<DeadlockTransaction> trx = deadlock.transactions();
        if (deadlock.tooDeep()) {
            return DeadlockPattern.TOO_DEEP;
        }
        if (trx.isEmpty()) {
            return DeadlockPattern.UNKNOWN;
        }
        // A table lock on either side of any wait: LOCK TABLE, AUTO-INC, DDL.
        for (WaitEdge e : edges) {
            if (isTable(e.lock()) || isTable(e.heldAs())) {
                return DeadlockPattern.TABLE_LOCK;
            }
        }
        // InnoDB: an insert-intention request waits for a gap or next-key lock.
        if (someoneWaitsFor(trx, LockKind.INSERT_INTENTION)) {
            return DeadlockPattern.GAP_INSERT;
        }
        // An exclusive request on a row the waiter itself holds shared: the S -> X upgrade.
        if (isUpgrade(trx)) {
            // Shared locks that no statement asked for come from foreign-key checks: the transactions changed rows
            // (undo entries) and no locking read is in sight.
            boolean modifiedBefore = true;
            boolean lockingRead = false;
            for (DeadlockTransaction t : trx) {
                modifiedBefore &= t.undoEntries() != null && t.undoEntries() > 0;
                lockingRead |= isLockingRead(t.query());
            }
            return modifiedBefore && !lockingRead ? DeadlockPattern.FOREIGN_KEY : DeadlockPattern.SHARED_TO_EXCLUSIVE;
        }
        // PostgreSQL: a tuple lock in the cycle means a row-level lock conflict on one row (FOR SHARE, then UPDATE).
        if (someoneWaitsFor(trx, LockKind.TUPLE)) {
            return DeadlockPattern.SHARED_TO_EXCLUSIVE;
        }
        // Every participant changes the very same row (same WHERE): two transactions can only deadlock on one row
        // when both already hold a shared lock on it (FOR SHARE, or a foreign-key check). PostgreSQL's log shows
        // both waiting for each other's transaction, exactly like a lock-order deadlock; the statements tell.
        if (sameRow(trx)) {
            return DeadlockPattern.SHARED_TO_EXCLUSIVE;
        }
        // Every participant is inserting: unique-key checks waiting for each other (PostgreSQL), or InnoDB's S
        // next-key lock of a duplicate check.
        boolean allInsert = true;
        boolean allWait = true;
        for (DeadlockTransaction t : trx) {
            allInsert &= startsWith(t.query(), "insert");
            allWait &= t.waitingFor() != null;
        }
        if (allInsert) {
            return DeadlockPattern.UNIQUE_KEY_INSERT;
        }
        if (allWait) {
            return DeadlockPattern.LOCK_ORDER;
        }
        return DeadlockPattern.UNKNOWN;
    }

    private static boolean someoneWaitsFor(List<DeadlockTransaction> trx, LockKind kind) {
        for (DeadlockTransaction t : trx) {
            if (t.waitingFor() != null && t.waitingFor().kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** Some transaction waits for X on a record it (or the report) shows held in S mode by both sides. */
    private static boolean isUpgrade(List<DeadlockTransaction> trx) {
        for (DeadlockTransaction t : trx) {
            DeadlockLock wanted = t.waitingFor();
            if (wanted == null || !"X".equals(wanted.mode())) {
                continue;
            }
            for (DeadlockTransaction other : trx) {
                if (other == t) {
                    continue;
                }
                for (DeadlockLock held : other.holds()) {
                    if ("S".equals(held.mode()) && DeadlockEdges.sameLockedThing(wanted, held)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean sameRow(List<DeadlockTransaction> trx) {
        String where = null;
        for (DeadlockTransaction t : trx) {
            if (!startsWith(t.query(), "update") && !startsWith(t.query(), "delete")) {
                return false;
            }
            String q = Durations.spacesCollapsed(t.query().toLowerCase(Locale.ROOT)).strip();
            int at = q.lastIndexOf(" where ");
            if (at < 0) {
                return false;
            }
            // The same WHERE on another table is another row (seed 03: lockt1 and lockt2, both "where pk = 2").
            String clause = table(q) + q.substring(at);
            if (where != null && !where.equals(clause)) {
                return false;
            }
            where = clause;
        }
        return trx.size() > 1;
    }

    /** The table an UPDATE or DELETE statement (lower case, spaces squeezed) names first. */
    private static String table(String q) {
        String rest = q.startsWith("delete") ? q.replaceFirst("^delete( low_priority| quick| ignore)* from ", "")
                : q.replaceFirst("^update( low_priority| ignore)* ", "");
        int end = rest.indexOf(' ');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static boolean isTable(DeadlockLock lock) {
        return lock != null && (lock.kind() == LockKind.TABLE || lock.kind() == LockKind.RELATION);
    }

    private static boolean isLockingRead(String query) {
        if (query == null) {
            return false;
        }
        String q = query.toLowerCase(Locale.ROOT);
        return q.contains("lock in share mode") || q.contains("for share") || q.contains("for update");
    }

    /**
     * Whether the statement starts with a keyword (lower case ASCII), whitespace before it and case ignored: what
     * {@code query.stripLeading().toLowerCase(Locale.ROOT).startsWith(keyword)} says, without lowering a copy of the
     * whole statement when the first characters are ASCII (lowering a non-ASCII letter can change the length).
     */
    static boolean startsWith(String query, String keyword) {
        if (query == null) {
            return false;
        }
        int start = 0;
        while (start < query.length() && Character.isWhitespace(query.charAt(start))) {
            start++;
        }
        if (query.length() - start < keyword.length()) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = query.charAt(start + i);
            if (c >= 0x80) {
                return query.stripLeading().toLowerCase(Locale.ROOT).startsWith(keyword);
            }
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
