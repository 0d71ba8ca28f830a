package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MdlQueueTest {

    private static MdlLock granted(long session, String mode) {
        return MdlLock.of(session, "TABLE", "shop", "orders", mode, true);
    }

    private static MdlLock pending(long session, String mode) {
        return MdlLock.of(session, "TABLE", "shop", "orders", mode, false);
    }

    @Test
    void seed04LockTableQueueBehindAnIdleReader() {
        // 10: BEGIN; SELECT ... (idle), 11: LOCK TABLE orders WRITE (waits), 12 and 13: SELECT (queued).
        List<MdlLock> locks = List.of(granted(10, "SHARED_READ"), pending(11, "SHARED_NO_READ_WRITE"),
                pending(12, "SHARED_READ"), pending(13, "SHARED_READ"));
        WaitEdges edges = MdlQueue.waits(locks, id -> id == 11 ? 7.0 : 3.0);
        assertThat(edges.waits()).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind).containsExactly(
                tuple(11L, 10L, WaitKind.HARD), tuple(12L, 11L, WaitKind.QUEUED), tuple(13L, 11L, WaitKind.QUEUED));
        LockWait hard = edges.waits().get(0);
        assertThat(hard.requested()).isEqualTo(new LockRef("METADATA", "SHARED_NO_READ_WRITE", "shop", "orders", null, null));
        assertThat(hard.blocking().mode()).isEqualTo("SHARED_READ");
        assertThat(hard.waitSeconds()).isEqualTo(7.0);
        assertThat(edges.held()).containsExactly(new HeldLock(10, new LockRef("METADATA", "SHARED_READ", "shop", "orders", null, null)));
    }

    @Test
    void alterWaitingToUpgradeIsBlockedByReadersNotByItsOwnLock() {
        // 20 holds SHARED_UPGRADABLE and waits for EXCLUSIVE; 21 holds SHARED_READ; 22 (SELECT) queues behind the X.
        List<MdlLock> locks = List.of(granted(20, "SHARED_UPGRADABLE"), pending(20, "EXCLUSIVE"),
                granted(21, "SHARED_READ"), pending(22, "SHARED_READ"));
        WaitEdges edges = MdlQueue.waits(locks, id -> null);
        assertThat(edges.waits()).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind)
                .containsExactly(tuple(20L, 21L, WaitKind.HARD), tuple(22L, 20L, WaitKind.QUEUED));
    }

    @Test
    void lockTableWaitsForEveryConflictingHolderAndDuplicatesCollapse() {
        // 31 holds SHARED_READ twice (statement and transaction duration), 32 SHARED_UPGRADABLE (an ALTER that came
        // after the LOCK TABLE: SU may pass a pending SNRW).
        List<MdlLock> locks = List.of(granted(31, "SHARED_READ"), granted(31, "SHARED_READ"), granted(32, "SHARED_UPGRADABLE"),
                pending(30, "SHARED_NO_READ_WRITE"));
        WaitEdges edges = MdlQueue.waits(locks, id -> null);
        assertThat(edges.waits()).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind)
                .containsExactly(tuple(30L, 31L, WaitKind.HARD), tuple(30L, 32L, WaitKind.HARD));
    }

    @Test
    void differentObjectsDoNotInteract() {
        List<MdlLock> locks = List.of(granted(1, "SHARED_READ"),
                MdlLock.of(2, "TABLE", "shop", "customers", "EXCLUSIVE", false));
        assertThat(MdlQueue.waits(locks, id -> null).waits()).isEmpty();
    }

    @Test
    void userLevelLocksKeepTheirKindInTheLockRef() {
        List<MdlLock> locks = List.of(MdlLock.of(1, "USER LEVEL LOCK", null, "job-42", "EXCLUSIVE", true),
                MdlLock.of(2, "USER LEVEL LOCK", null, "job-42", "EXCLUSIVE", false));
        List<LockWait> waits = MdlQueue.waits(locks, id -> null).waits();
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0).blocking().describeObject()).isEqualTo("job-42 (USER LEVEL LOCK)");
    }
}
