package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.RowLockBlockerInference.TableLock;
import dev.dbrescue.mysql.RowLockBlockerInference.Waiter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may block a row lock wait that INNODB_LOCK_WAITS lists no blocker for: shapes seen on MariaDB 10.11.5. */
class RowLockBlockerInferenceTest {

    private static final LockRef PARENT_ROW = new LockRef("RECORD", "X", "shop", "parent", "PRIMARY", "1");

    private static ProcessRow session(long id, String trxState, Long rowsLocked) {
        return new ProcessRow(id, "app", "10.0.0.5:5123", "shop", trxState == null ? "Sleep" : "Query", 3.0, "", null,
                trxState == null ? null : "0", trxState, trxState == null ? null : 10.0,
                "LOCK WAIT".equals(trxState) ? 2.0 : null, rowsLocked, 0L, 1L);
    }

    private static ProcessRow running(long id, long rowsLocked) {
        return session(id, "RUNNING", rowsLocked);
    }

    private static ProcessRow waiting(long id, long rowsLocked) {
        return session(id, "LOCK WAIT", rowsLocked);
    }

    @Test
    void sharedLockHolderOnTheSameTableIsTheBlocker() {
        // A (10) and B (11) read the row LOCK IN SHARE MODE, then A updates it; C (12) read the table without locking
        // rows, D (13) holds row locks of another table.
        List<ProcessRow> sessions = List.of(waiting(10, 2), running(11, 1), running(12, 0), running(13, 3));
        Set<Long> candidates = RowLockBlockerInference.candidates(sessions, Set.of(10L));
        assertThat(candidates).containsExactly(11L, 13L);

        List<TableLock> mdl = List.of(new TableLock(10, "shop", "parent", null), new TableLock(11, "shop", "parent", null),
                new TableLock(12, "shop", "parent", null), new TableLock(13, "shop", "other", null));
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(
                List.of(new Waiter(10, PARENT_ROW, 2.0)), candidates, mdl);

        assertThat(result.edges().waits()).containsExactly(new LockWait(10, 11, WaitKind.HARD, PARENT_ROW, null, 2.0));
        assertThat(result.edges().held()).isEmpty();
        assertThat(result.inferred()).containsExactly(10L);
        assertThat(result.unresolved()).isEmpty();
    }

    @Test
    void foreignKeyCheckHolderIsFoundThroughTheChildTable() {
        // B inserted a child row: InnoDB S-locked the parent row, but B's metadata lock is on the child table only.
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(List.of(new Waiter(10, PARENT_ROW, 1.0)),
                Set.of(11L), List.of(new TableLock(11, "shop", "child", "shop/parent"), new TableLock(11, "shop", "child", "shop/other")));
        assertThat(result.edges().waits()).extracting(LockWait::blockerId).containsExactly(11L);
    }

    @Test
    void aChildOfAnotherTableDoesNotCount() {
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(List.of(new Waiter(10, PARENT_ROW, 1.0)),
                Set.of(11L), List.of(new TableLock(11, "shop", "child", "shop/parents"), new TableLock(11, "other", "parent", null)));
        assertThat(result.edges().waits()).isEmpty();
        assertThat(result.unresolved()).containsExactly(10L);
    }

    @Test
    void aWaiterHoldsOneRowLockFewerThanItShows() {
        assertThat(RowLockBlockerInference.heldRowLocks(waiting(20, 1))).isZero();
        assertThat(RowLockBlockerInference.heldRowLocks(waiting(20, 3))).isEqualTo(2);
        assertThat(RowLockBlockerInference.heldRowLocks(running(20, 1))).isEqualTo(1);
        assertThat(RowLockBlockerInference.heldRowLocks(session(20, null, null))).isZero();
        // A listed waiter that holds a lock besides its request may block; one that only waits may not.
        assertThat(RowLockBlockerInference.candidates(List.of(waiting(20, 2), waiting(21, 1)), Set.of(10L)))
                .containsExactly(20L);
    }

    @Test
    void orphanWaitersAreNeverInferredToBlockEachOther() {
        // Two orphans holding row locks on the same table would each be the other's blocker: a made-up deadlock.
        List<ProcessRow> sessions = List.of(waiting(10, 2), waiting(11, 2), running(12, 1));
        Set<Long> candidates = RowLockBlockerInference.candidates(sessions, Set.of(10L, 11L));
        List<TableLock> mdl = List.of(new TableLock(10, "shop", "parent", null), new TableLock(11, "shop", "parent", null),
                new TableLock(12, "shop", "parent", null));
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(
                List.of(new Waiter(10, PARENT_ROW, 1.0), new Waiter(11, PARENT_ROW, 1.0)), candidates, mdl);
        assertThat(result.edges().waits()).extracting(w -> w.waiterId() + "->" + w.blockerId())
                .containsExactly("10->12", "11->12");
        assertThat(result.inferred()).containsExactly(10L, 11L);
    }

    @Test
    void withoutATableOrARecordLockNothingIsInferred() {
        LockRef tableLock = new LockRef("TABLE", "IX", "shop", "parent", null, null);
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(
                List.of(new Waiter(10, null, 1.0), new Waiter(11, tableLock, 1.0)),
                Set.of(12L), List.of(new TableLock(12, "shop", "parent", null)));
        assertThat(result.edges().waits()).isEmpty();
        assertThat(result.unresolved()).containsExactly(10L, 11L);
    }

    @Test
    void tableNamesMatchRegardlessOfCase() {
        RowLockBlockerInference.Result result = RowLockBlockerInference.infer(List.of(new Waiter(10, PARENT_ROW, 1.0)),
                Set.of(11L, 12L), List.of(new TableLock(11, "Shop", "Parent", null), new TableLock(12, "shop", "child", "Shop/Parent")));
        assertThat(result.edges().waits()).extracting(LockWait::blockerId).containsExactly(11L, 12L);
    }

    @Test
    void orphansAreWaitersWithoutAListedEdgeAndNeverOurOwnSession() {
        WaitEdges listed = new WaitEdges();
        listed.addWait(new LockWait(30, 31, WaitKind.HARD, PARENT_ROW, PARENT_ROW, 1.0));
        List<ProcessRow> sessions = List.of(waiting(30, 1), running(31, 1), waiting(32, 2), waiting(99, 1), running(33, 0));
        assertThat(OrphanRowLockWaits.orphans(sessions, listed, 99)).extracting(ProcessRow::id).containsExactly(32L);
    }

    @Test
    void statementsReadOnlyTheSessionsConcerned() {
        assertThat(OrphanRowLockWaits.requestedLocksSql(List.of(3L, 4L)))
                .contains("l.lock_id = t.trx_requested_lock_id").endsWith("t.trx_mysql_thread_id IN (3, 4)");
        assertThat(OrphanRowLockWaits.performanceSchemaSql(Set.of(7L)))
                .contains("m.LOCK_STATUS = 'GRANTED'").contains("INNODB_SYS_FOREIGN").endsWith("t.PROCESSLIST_ID IN (7)");
        assertThat(OrphanRowLockWaits.metadataLockInfoSql(Set.of(7L)))
                .contains("METADATA_LOCK_INFO").endsWith("m.THREAD_ID IN (7)");
    }
}
