package dev.dbrescue.core.analysis.explain;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;

import java.util.Map;

/**
 * PostgreSQL heavyweight locks, after the manual's "Explicit Locking" chapter (table-level lock modes, row-level
 * locks, and the first-come first-served lock queue that makes a weak request wait behind a strong queued one).
 */
final class PostgresLockSemantics implements LockSemantics {

    /** What typically takes each table lock mode, to name the statement in plain words. */
    private static final Map<String, String> TAKEN_BY = Map.of(
            "AccessShareLock", "SELECT",
            "RowShareLock", "SELECT ... FOR UPDATE/SHARE",
            "RowExclusiveLock", "INSERT, UPDATE, DELETE",
            "ShareUpdateExclusiveLock", "VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY",
            "ShareLock", "CREATE INDEX",
            "ShareRowExclusiveLock", "CREATE TRIGGER, some ALTER TABLE",
            "ExclusiveLock", "REFRESH MATERIALIZED VIEW CONCURRENTLY",
            "AccessExclusiveLock", "LOCK TABLE (no mode), ALTER TABLE, DROP, TRUNCATE, VACUUM FULL");

    @Override
    public String explain(LockWait wait) {
        LockRef wanted = wait.requested();
        LockRef other = wait.blocking();
        if (wanted == null) {
            return "Session " + wait.waiterId() + " waits for a lock held by session " + wait.blockerId() + ".";
        }
        String type = wanted.type() == null ? "" : wanted.type();
        if (wait.kind() == WaitKind.QUEUED) {
            return "Session " + wait.waiterId() + " wants " + mode(wanted) + " on " + object(wanted)
                    + ", which is compatible with what is granted, but session " + wait.blockerId() + " queued "
                    + (other == null ? "a conflicting request" : mode(other)) + " before it; PostgreSQL grants locks in"
                    + " queue order, so it waits behind that request.";
        }
        switch (type) {
            case "transactionid":
                return "Session " + wait.waiterId() + " waits for session " + wait.blockerId() + "'s transaction"
                        + (wanted.lockData() == null ? "" : " " + wanted.lockData()) + " to end: it wants to change or lock"
                        + " a row" + (wanted.object() == null ? "" : " of " + wanted.object()) + " that session "
                        + wait.blockerId() + " changed (or a unique key it inserted) and has not committed.";
            case "tuple":
                return "Session " + wait.waiterId() + " wants the row " + (wanted.lockData() == null ? "" : wanted.lockData() + " ")
                        + "of " + object(wanted) + " that session " + wait.blockerId() + " is already waiting for or locking;"
                        + " row lockers line up on the tuple lock.";
            case "relation":
                return "Session " + wait.waiterId() + " wants " + mode(wanted) + " on " + object(wanted) + ", which conflicts with "
                        + (other == null ? "a lock" : mode(other)) + " held by session " + wait.blockerId()
                        + "; a table lock is held until the transaction ends, even while the session is idle.";
            default:
                return "Session " + wait.waiterId() + " wants " + mode(wanted) + " on " + object(wanted) + " (" + type
                        + "), which conflicts with " + (other == null ? "a lock" : mode(other)) + " held by session "
                        + wait.blockerId() + ".";
        }
    }

    private static String mode(LockRef lock) {
        String taken = TAKEN_BY.get(lock.mode());
        return lock.mode() + (taken == null ? "" : " (" + taken + ")");
    }

    private static String object(LockRef lock) {
        return lock.object() == null ? "a " + lock.type() + " lock" : lock.object();
    }
}
