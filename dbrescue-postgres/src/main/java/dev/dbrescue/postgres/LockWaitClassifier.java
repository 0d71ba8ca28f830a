package dev.dbrescue.postgres;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns pg_blocking_pids() answers and the pg_locks rows of the sessions involved into wait-for edges. Pure.
 * <p>
 * pg_blocking_pids() lists both kinds of blocker without saying which is which
 * (https://www.postgresql.org/docs/current/functions-info.html): a "hard" blocker holds a lock that conflicts with
 * the request; a "soft" blocker only waits ahead of it in the lock's queue with a conflicting request. Seed 04 is the
 * soft case: SELECTs queue behind a LOCK TABLE that itself waits for an idle transaction. We tell them apart with the
 * conflict table: a granted row of the blocker on the same object in a conflicting mode makes the edge HARD; else a
 * waiting row of the blocker on that object in a conflicting mode makes it QUEUED.
 */
final class LockWaitClassifier {

    /** The edges and the granted locks behind them. */
    record Result(List<LockWait> waits, List<HeldLock> heldLocks) {
    }

    private LockWaitClassifier() {
    }

    /**
     * @param blockersByWaiter    pg_blocking_pids() per waiting session, in snapshot order
     * @param locksByPid          pg_locks rows of the waiters and blockers (prepared transactions under pid 0)
     * @param fallbackWaitSeconds per waiter, seconds since its state changed, for servers without pg_locks.waitstart
     */
    static Result classify(Map<Long, List<Long>> blockersByWaiter, Map<Long, List<PgLock>> locksByPid,
                           Map<Long, Double> fallbackWaitSeconds) {
        List<LockWait> waits = new ArrayList<>();
        Map<PgLock.Key, PgLock.TableName> namesByKey = new HashMap<>();
        Map<Long, Set<PgLock.Key>> keysByBlocker = new LinkedHashMap<>();

        for (Map.Entry<Long, List<Long>> entry : blockersByWaiter.entrySet()) {
            long waiter = entry.getKey();
            List<PgLock> waiterLocks = locksByPid.getOrDefault(waiter, List.of());
            Optional<PgLock> request = waiterLocks.stream().filter(l -> !l.granted()).findFirst();
            if (request.isEmpty()) {
                continue; // granted between the two statements: no longer waiting
            }
            PgLock requested = request.get();
            PgLock.TableName hint = requested.tableName() != null ? requested.tableName() : tableWorkedOn(waiterLocks);
            if (hint != null) {
                namesByKey.putIfAbsent(requested.key(), hint);
            }
            Double waitSeconds = requested.waitSeconds() != null ? requested.waitSeconds() : fallbackWaitSeconds.get(waiter);
            LockRef requestedRef = requested.toLockRef(hint);

            for (long blocker : new LinkedHashSet<>(entry.getValue())) {
                if (blocker == waiter) {
                    continue; // a parallel group member blocking another member of its own group
                }
                List<PgLock> blockerLocks = locksByPid.getOrDefault(blocker, List.of());
                Optional<PgLock> held = strongestConflicting(blockerLocks, requested, true);
                Optional<PgLock> queued = held.isPresent() ? Optional.empty() : strongestConflicting(blockerLocks, requested, false);
                keysByBlocker.computeIfAbsent(blocker, k -> new LinkedHashSet<>()).add(requested.key());
                if (held.isPresent()) {
                    waits.add(new LockWait(waiter, blocker, WaitKind.HARD, requestedRef, held.get().toLockRef(hint), waitSeconds));
                } else if (queued.isPresent()) {
                    waits.add(new LockWait(waiter, blocker, WaitKind.QUEUED, requestedRef, queued.get().toLockRef(hint), waitSeconds));
                } else {
                    // pg_blocking_pids names the leader of a parallel group whose worker holds the lock, or the
                    // lock changed hands between our two statements: the blocker is real, its lock unseen.
                    waits.add(new LockWait(waiter, blocker, WaitKind.HARD, requestedRef, null, waitSeconds));
                }
            }
        }
        return new Result(waits, heldLocks(keysByBlocker, locksByPid, namesByKey));
    }

    /** The blocker's row on the requested object whose mode conflicts with the request, the strongest first. */
    private static Optional<PgLock> strongestConflicting(List<PgLock> locks, PgLock requested, boolean granted) {
        return locks.stream()
                .filter(l -> l.granted() == granted && l.key().equals(requested.key()) && l.conflictsWith(requested))
                .max(Comparator.comparingInt(l -> PostgresLockMode.of(l.mode()).map(Enum::ordinal).orElse(-1)));
    }

    /**
     * Names the table of a transactionid or virtualxid wait, which pg_locks does not: a row-lock waiter holds the
     * tuple lock of the row it waits for (heap_lock_tuple takes it before waiting on the xid), so that tuple lock
     * names the table; failing that, a transaction that touched exactly one user table tells us which.
     */
    static PgLock.TableName tableWorkedOn(List<PgLock> waiterLocks) {
        Set<PgLock.TableName> tuples = new LinkedHashSet<>();
        Set<PgLock.TableName> tables = new LinkedHashSet<>();
        for (PgLock lock : waiterLocks) {
            if (!lock.granted() || lock.tableName() == null) {
                continue;
            }
            if (lock.lockType().equals("tuple")) {
                tuples.add(lock.tableName());
            } else if (lock.lockType().equals("relation") && lock.onUserTable()) {
                tables.add(lock.tableName());
            }
        }
        if (tuples.size() == 1) {
            return tuples.iterator().next();
        }
        return tuples.isEmpty() && tables.size() == 1 ? tables.iterator().next() : null;
    }

    /** Granted locks of the blockers on the objects their waiters asked for, each once. */
    private static List<HeldLock> heldLocks(Map<Long, Set<PgLock.Key>> keysByBlocker, Map<Long, List<PgLock>> locksByPid,
                                            Map<PgLock.Key, PgLock.TableName> namesByKey) {
        List<HeldLock> held = new ArrayList<>();
        Set<List<Object>> seen = new LinkedHashSet<>();
        keysByBlocker.forEach((blocker, keys) -> {
            for (PgLock lock : locksByPid.getOrDefault(blocker, List.of())) {
                if (lock.granted() && keys.contains(lock.key()) && seen.add(List.of(blocker, lock.key(), lock.mode()))) {
                    held.add(new HeldLock(blocker, lock.toLockRef(namesByKey.get(lock.key()))));
                }
            }
        });
        return held;
    }
}
