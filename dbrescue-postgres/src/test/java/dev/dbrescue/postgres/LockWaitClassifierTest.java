package dev.dbrescue.postgres;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Hard versus queued blocking, from pg_locks rows shaped as a PostgreSQL 15 server showed them for seed 04. */
class LockWaitClassifierTest {

    private static final long DB = 5;
    private static final long TABLE = 16400;

    @Test
    void seed04_lockTableWaitsHard_selectsQueueBehindIt() {
        Map<Long, List<PgLock>> locks = Map.of(
                100L, List.of(relation(100, "AccessShareLock", true), vxid(100, "3/7", "ExclusiveLock", true)),
                200L, List.of(relation(200, "AccessExclusiveLock", false)),
                300L, List.of(relation(300, "AccessShareLock", false)),
                400L, List.of(relation(400, "AccessShareLock", false)));
        Map<Long, List<Long>> blockers = new LinkedHashMap<>();
        blockers.put(200L, List.of(100L));
        blockers.put(300L, List.of(200L));
        blockers.put(400L, List.of(200L, 200L)); // pg_blocking_pids may repeat a pid

        LockWaitClassifier.Result result = LockWaitClassifier.classify(blockers, locks, Map.of(200L, 12.0, 300L, 3.0, 400L, 2.0));

        assertThat(result.waits()).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind).containsExactly(
                tuple(200L, 100L, WaitKind.HARD), tuple(300L, 200L, WaitKind.QUEUED), tuple(400L, 200L, WaitKind.QUEUED));
        LockWait lockTable = result.waits().get(0);
        assertThat(lockTable.requested()).isEqualTo(new LockRef("relation", "AccessExclusiveLock", "public", "user_setting", null, null));
        assertThat(lockTable.blocking()).isEqualTo(new LockRef("relation", "AccessShareLock", "public", "user_setting", null, null));
        assertThat(lockTable.waitSeconds()).isEqualTo(12.0);
        assertThat(result.waits().get(1).blocking().mode()).isEqualTo("AccessExclusiveLock");
        // Only A's lock on the table is a held lock that matters, not its virtualxid.
        assertThat(result.heldLocks()).extracting(h -> h.sessionId(), h -> h.lock().mode())
                .containsExactly(tuple(100L, "AccessShareLock"));
    }

    @Test
    void aHolderOfAWeakerModeThatAlsoQueuesIsQueued() {
        // X holds ACCESS SHARE and waits to upgrade to ACCESS EXCLUSIVE; W wants ROW EXCLUSIVE: only X's queued
        // request conflicts, so W waits behind it in the queue.
        Map<Long, List<PgLock>> locks = Map.of(
                1L, List.of(relation(1, "AccessShareLock", true), relation(1, "AccessExclusiveLock", false)),
                2L, List.of(relation(2, "RowExclusiveLock", false)));
        LockWaitClassifier.Result result = LockWaitClassifier.classify(Map.of(2L, List.of(1L)), locks, Map.of());
        assertThat(result.waits()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(WaitKind.QUEUED);
            assertThat(w.blocking().mode()).isEqualTo("AccessExclusiveLock");
        });
        assertThat(result.heldLocks()).extracting(h -> h.lock().mode()).containsExactly("AccessShareLock");
    }

    @Test
    void rowLockWait_transactionIdNamedFromTheWaitersTupleLock() {
        PgLock tupleHeldByB = new PgLock(2, "tuple", DB, "app", true, TABLE, "public", "accounts", "r", 0, 1,
                null, null, null, null, null, null, "ExclusiveLock", true, null);
        Map<Long, List<PgLock>> locks = Map.of(
                1L, List.of(xid(1, "741", "ExclusiveLock", true, null), relation(1, "RowExclusiveLock", true)),
                2L, List.of(xid(2, "741", "ShareLock", false, 4.5), tupleHeldByB, relation(2, "RowExclusiveLock", true)),
                3L, List.of(new PgLock(3, "tuple", DB, "app", true, TABLE, "public", "accounts", "r", 0, 1,
                        null, null, null, null, null, null, "ExclusiveLock", false, 1.0)));
        Map<Long, List<Long>> blockers = new LinkedHashMap<>();
        blockers.put(2L, List.of(1L));
        blockers.put(3L, List.of(2L));

        LockWaitClassifier.Result result = LockWaitClassifier.classify(blockers, locks, Map.of(2L, 99.0));

        LockWait onXid = result.waits().get(0);
        assertThat(onXid.kind()).isEqualTo(WaitKind.HARD);
        assertThat(onXid.requested()).isEqualTo(new LockRef("transactionid", "ShareLock", "public", "accounts", null, "741"));
        assertThat(onXid.blocking()).isEqualTo(new LockRef("transactionid", "ExclusiveLock", "public", "accounts", null, "741"));
        assertThat(onXid.waitSeconds()).as("waitstart wins over state_change").isEqualTo(4.5);
        LockWait onTuple = result.waits().get(1);
        assertThat(onTuple.kind()).isEqualTo(WaitKind.HARD);
        assertThat(onTuple.requested()).isEqualTo(new LockRef("tuple", "ExclusiveLock", "public", "accounts", null, "(0,1)"));
    }

    @Test
    void tableStaysUnknownWhenTheWaiterTouchedSeveralTables() {
        PgLock other = new PgLock(2, "relation", DB, "app", true, 16500L, "public", "orders", "r", null, null,
                null, null, null, null, null, null, "RowExclusiveLock", true, null);
        List<PgLock> waiter = List.of(xid(2, "9", "ShareLock", false, null), relation(2, "RowExclusiveLock", true), other);
        assertThat(LockWaitClassifier.tableWorkedOn(waiter)).isNull();
        assertThat(LockWaitClassifier.tableWorkedOn(List.of(xid(2, "9", "ShareLock", false, null), other)))
                .isEqualTo(new PgLock.TableName("public", "orders"));
    }

    @Test
    void blockerWithoutAVisibleLockIsHardWithUnknownLock_andAWaiterGrantedMeanwhileIsDropped() {
        Map<Long, List<PgLock>> locks = Map.of(
                2L, List.of(relation(2, "AccessExclusiveLock", false)),
                5L, List.of(relation(5, "AccessShareLock", true))); // 5 was waiting in statement 1, granted by statement 2
        Map<Long, List<Long>> blockers = new LinkedHashMap<>();
        blockers.put(2L, List.of(7L)); // 7: a parallel leader whose worker holds the lock
        blockers.put(5L, List.of(2L));
        LockWaitClassifier.Result result = LockWaitClassifier.classify(blockers, locks, Map.of());
        assertThat(result.waits()).singleElement().satisfies(w -> {
            assertThat(w.blockerId()).isEqualTo(7L);
            assertThat(w.kind()).isEqualTo(WaitKind.HARD);
            assertThat(w.blocking()).isNull();
        });
    }

    @Test
    void lockDataOfOtherLockTypes() {
        assertThat(advisory(1L, 2L, 2).toLockRef(null).lockData()).isEqualTo("keys (1,2)");
        assertThat(advisory(0L, 42L, 1).toLockRef(null).lockData()).isEqualTo("key 42");
        assertThat(advisory(4294967295L, 4294967295L, 1).toLockRef(null).lockData()).isEqualTo("key -1");
        PgLock foreign = new PgLock(1, "relation", 99L, "billing", false, 777L, null, null, null, null, null,
                null, null, null, null, null, null, "AccessShareLock", true, null);
        assertThat(foreign.toLockRef(null)).isEqualTo(new LockRef("relation", "AccessShareLock", null, null, null,
                "relation oid 777 in database billing"));
    }

    private static PgLock relation(long pid, String mode, boolean granted) {
        return new PgLock(pid, "relation", DB, "app", true, TABLE, "public", "user_setting", "r", null, null,
                null, null, null, null, null, null, mode, granted, null);
    }

    private static PgLock vxid(long pid, String vxid, String mode, boolean granted) {
        return new PgLock(pid, "virtualxid", null, null, false, null, null, null, null, null, null,
                vxid, null, null, null, null, null, mode, granted, null);
    }

    private static PgLock xid(long pid, String xid, String mode, boolean granted, Double waitSeconds) {
        return new PgLock(pid, "transactionid", null, null, false, null, null, null, null, null, null,
                null, xid, null, null, null, null, mode, granted, waitSeconds);
    }

    private static PgLock advisory(long classId, long objId, int objSubId) {
        return new PgLock(1, "advisory", DB, "app", true, null, null, null, null, null, null,
                null, null, classId, objId, objSubId, null, "ExclusiveLock", true, null);
    }
}
