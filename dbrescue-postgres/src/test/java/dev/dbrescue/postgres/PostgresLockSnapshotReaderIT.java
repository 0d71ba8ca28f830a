package dev.dbrescue.postgres;

import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Snapshots of incidents played with real sessions. The server may be shared with other test runs, so every
 * assertion looks at this test's own sessions only.
 */
class PostgresLockSnapshotReaderIT {

    private PgTestSessions lab;

    @BeforeEach
    void start() {
        lab = new PgTestSessions();
    }

    @AfterEach
    void cleanUp() throws Exception {
        lab.close();
    }

    /**
     * Seed 04: a forgotten {@code BEGIN; SELECT} (A), a {@code LOCK TABLE} waiting for it (B), and plain SELECTs
     * queued behind the LOCK TABLE (C, D) although nothing they conflict with is held.
     */
    @Test
    void seed04_idleTransaction_lockTable_queuedSelects() throws Exception {
        String table = lab.table("user_setting", "(id int PRIMARY KEY, xxx int)");
        lab.admin("INSERT INTO " + table + " VALUES (1, 1), (2, 1)");
        Connection a = lab.session("A");
        Connection b = lab.session("B");
        Connection c = lab.session("C");
        Connection d = lab.session("D");

        a.setAutoCommit(false);
        try (Statement s = a.createStatement()) {
            s.executeQuery("SELECT * FROM " + table + " WHERE xxx = 1").close();
        }
        b.setAutoCommit(false); // LOCK TABLE only works inside a transaction block
        lab.async(b, "LOCK TABLE " + table);
        lab.awaitLockWait(b);
        lab.async(c, "SELECT * FROM " + table);
        lab.async(d, "SELECT * FROM " + table);
        lab.awaitLockWait(c);
        lab.awaitLockWait(d);

        Snapshot snapshot = lab.snapshot();

        long pa = lab.pid(a), pb = lab.pid(b), pc = lab.pid(c), pd = lab.pid(d);
        List<LockWait> ours = waitsAmong(snapshot, Set.of(pa, pb, pc, pd));
        assertThat(ours).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind).containsExactlyInAnyOrder(
                tuple(pb, pa, WaitKind.HARD), tuple(pc, pb, WaitKind.QUEUED), tuple(pd, pb, WaitKind.QUEUED));

        LockWait lockTable = ours.stream().filter(w -> w.waiterId() == pb).findFirst().orElseThrow();
        assertThat(lockTable.requested()).isEqualTo(new LockRef("relation", "AccessExclusiveLock", "public", table, null, null));
        assertThat(lockTable.blocking()).isEqualTo(new LockRef("relation", "AccessShareLock", "public", table, null, null));
        assertThat(lockTable.waitSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
        for (LockWait queued : ours.stream().filter(w -> w.kind() == WaitKind.QUEUED).toList()) {
            assertThat(queued.requested()).isEqualTo(new LockRef("relation", "AccessShareLock", "public", table, null, null));
            assertThat(queued.blocking()).isEqualTo(new LockRef("relation", "AccessExclusiveLock", "public", table, null, null));
        }

        Session sa = snapshot.session(pa).orElseThrow();
        assertThat(sa.state()).isEqualTo("idle in transaction");
        assertThat(sa.inTransaction()).isTrue();
        assertThat(sa.busy()).isFalse();
        assertThat(sa.idleInTransaction()).isTrue();
        assertThat(sa.query()).isEqualTo("SELECT * FROM " + table + " WHERE xxx = 1");
        assertThat(sa.application()).isEqualTo("dbrescue-it-A");
        assertThat(sa.transactionSeconds()).isNotNull().isGreaterThanOrEqualTo(sa.idleSeconds());
        assertThat(sa.idleSeconds()).isNotNull().isGreaterThan(0.0);
        assertThat(sa.querySeconds()).isNull();
        assertThat(sa.host()).isIn("127.0.0.1", "::1", "local");
        assertThat(sa.database()).isEqualTo(lab.target.database());
        assertThat(sa.user()).isEqualTo(lab.target.user());

        Session sb = snapshot.session(pb).orElseThrow();
        assertThat(sb.state()).isEqualTo("active");
        assertThat(sb.busy()).isTrue();
        assertThat(sb.inTransaction()).isTrue();
        assertThat(sb.query()).isEqualTo("LOCK TABLE " + table);
        assertThat(sb.querySeconds()).isNotNull();
        assertThat(sb.idleSeconds()).isEqualTo(0.0);

        assertThat(snapshot.heldLocks()).filteredOn(h -> h.sessionId() == pa).extracting(h -> h.lock())
                .containsExactly(new LockRef("relation", "AccessShareLock", "public", table, null, null));
        assertThat(snapshot.queryCount()).isEqualTo(2);
        assertThat(snapshot.session(snapshot.ownSessionId())).as("our own session is never reported").isEmpty();
        assertThat(snapshot.limitations()).as("the test user can see everything").isEmpty();
        assertApplicationName(snapshot.ownSessionId());
    }

    /** Two UPDATEs of the same row behind an open one: transactionid then tuple lock waits, both named. */
    @Test
    void rowLockWait_transactionIdAndTupleLocksNameTheTable() throws Exception {
        String table = lab.table("accounts", "(id int PRIMARY KEY, balance int NOT NULL)");
        lab.admin("INSERT INTO " + table + " VALUES (1, 100), (2, 100)");
        Connection a = lab.session("A");
        Connection b = lab.session("B");
        Connection c = lab.session("C");
        a.setAutoCommit(false);
        try (Statement s = a.createStatement()) {
            s.executeUpdate("UPDATE " + table + " SET balance = balance - 10 WHERE id = 1");
        }
        lab.async(b, "UPDATE " + table + " SET balance = balance + 1 WHERE id = 1");
        lab.awaitLockWait(b);
        lab.async(c, "UPDATE " + table + " SET balance = balance + 2 WHERE id = 1");
        lab.awaitLockWait(c);

        Snapshot snapshot = lab.snapshot();

        long pa = lab.pid(a), pb = lab.pid(b), pc = lab.pid(c);
        Session sa = snapshot.session(pa).orElseThrow();
        assertThat(sa.transactionId()).as("an UPDATE assigns a transaction id").isNotNull();
        List<LockWait> ours = waitsAmong(snapshot, Set.of(pa, pb, pc));
        assertThat(ours).extracting(LockWait::waiterId, LockWait::blockerId, LockWait::kind)
                .containsExactlyInAnyOrder(tuple(pb, pa, WaitKind.HARD), tuple(pc, pb, WaitKind.HARD));

        LockWait onTransaction = ours.stream().filter(w -> w.waiterId() == pb).findFirst().orElseThrow();
        assertThat(onTransaction.requested())
                .isEqualTo(new LockRef("transactionid", "ShareLock", "public", table, null, sa.transactionId()));
        assertThat(onTransaction.blocking())
                .isEqualTo(new LockRef("transactionid", "ExclusiveLock", "public", table, null, sa.transactionId()));

        LockWait onTuple = ours.stream().filter(w -> w.waiterId() == pc).findFirst().orElseThrow();
        assertThat(onTuple.requested().type()).isEqualTo("tuple");
        assertThat(onTuple.requested().object()).isEqualTo("public." + table);
        assertThat(onTuple.requested().lockData()).matches("\\(\\d+,\\d+\\)");
        assertThat(onTuple.blocking().type()).isEqualTo("tuple");
        assertThat(onTuple.blocking().lockData()).isEqualTo(onTuple.requested().lockData());
        assertThat(PostgresLockMode.conflict(onTuple.requested().mode(), onTuple.blocking().mode())).isTrue();

        assertThat(snapshot.heldLocks()).filteredOn(h -> h.sessionId() == pa).extracting(h -> h.lock().type(), h -> h.lock().table())
                .containsExactly(tuple("transactionid", table));
        assertThat(snapshot.session(pb).orElseThrow().busy()).isTrue();
    }

    /**
     * A role without pg_read_all_stats cannot see other users' queries, but pg_locks and pg_blocking_pids() still
     * show who waits for whom: the wait is found, and what is hidden is a limitation with the GRANT to fix it.
     */
    @Test
    void withoutPgReadAllStats_waitsAreStillFound_andTheGapIsALimitation() throws Exception {
        String table = lab.table("hidden_lock", "(id int)");
        String password = "It-" + lab.uniqueName("pw");
        String monitor = lab.role("dbrescue_it_monitor", password);
        Connection a = lab.session("A");
        Connection b = lab.session("B");
        a.setAutoCommit(false);
        try (Statement s = a.createStatement()) {
            s.executeQuery("SELECT * FROM " + table + " FOR UPDATE").close(); // ROW SHARE on the table
        }
        b.setAutoCommit(false);
        lab.async(b, "LOCK TABLE " + table + " IN EXCLUSIVE MODE"); // conflicts with ROW SHARE, not with ACCESS SHARE
        lab.awaitLockWait(b);

        Snapshot snapshot = lab.snapshotAs(lab.target.withUser(monitor).withPassword(password));

        long pa = lab.pid(a), pb = lab.pid(b);
        Session sa = snapshot.session(pa).orElseThrow();
        assertThat(sa.query()).as("hidden, not '<insufficient privilege>'").isNull();
        assertThat(sa.state()).isNull();
        assertThat(sa.user()).isEqualTo(lab.target.user());
        assertThat(snapshot.session(pb).orElseThrow().busy()).as("a hidden session that waits is running").isTrue();
        assertThat(waitsAmong(snapshot, Set.of(pa, pb))).singleElement().satisfies(w -> {
            assertThat(w.waiterId()).isEqualTo(pb);
            assertThat(w.blockerId()).isEqualTo(pa);
            assertThat(w.kind()).isEqualTo(WaitKind.HARD);
            assertThat(w.requested()).isEqualTo(new LockRef("relation", "ExclusiveLock", "public", table, null, null));
            assertThat(w.blocking()).isEqualTo(new LockRef("relation", "RowShareLock", "public", table, null, null));
            assertThat(w.waitSeconds()).isNotNull();
        });
        assertThat(snapshot.limitations()).extracting(Limitation::remedy)
                .anySatisfy(remedy -> assertThat(remedy).startsWith("GRANT pg_read_all_stats TO " + monitor));
    }

    @Test
    void withNobodyWaiting_oneStatement() throws Exception {
        Connection a = lab.session("A");
        a.setAutoCommit(false);
        try (Statement s = a.createStatement()) {
            s.executeQuery("SELECT 1").close();
        }
        Snapshot snapshot = lab.snapshot();
        Session sa = snapshot.session(lab.pid(a)).orElseThrow();
        assertThat(sa.idleInTransaction()).isTrue();
        assertThat(sa.query()).isEqualTo("SELECT 1");
        assertThat(snapshot.server().major()).isGreaterThanOrEqualTo(10);
        // Other test runs may be waiting on the same server; with nobody waiting, pg_locks is not read at all.
        assertThat(snapshot.queryCount()).isEqualTo(snapshot.waits().isEmpty() ? 1 : 2);
    }

    private static List<LockWait> waitsAmong(Snapshot snapshot, Set<Long> pids) {
        return snapshot.waits().stream().filter(w -> pids.contains(w.waiterId()) || pids.contains(w.blockerId())).toList();
    }

    /** Our own sessions are recognisable in pg_stat_activity. */
    private void assertApplicationName(long ownPid) throws Exception {
        // The snapshot's session is closed by now; check a fresh one of ours instead.
        try (PreparedStatement ps = lab.admin.connection().prepareStatement(
                "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("dbrescue");
        }
        assertThat(ownPid).isPositive();
    }
}
