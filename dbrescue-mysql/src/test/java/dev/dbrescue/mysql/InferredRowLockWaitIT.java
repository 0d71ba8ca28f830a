package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.ScratchDatabase.AppSession;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row lock waits that MariaDB 10.11.5 leaves out of INNODB_LOCK_WAITS (a shared or gap lock holder, the waiter having
 * locked the same record or gap first), and the fallback that infers their blockers from metadata locks and row-lock
 * counts. The embedded server is 10.11.5 with performance_schema and the MDL instrument on.
 */
class InferredRowLockWaitIT {

    private static EmbeddedMariaDb server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedMariaDb.start(EmbeddedMariaDb.METADATA_LOCK_VISIBILITY);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A waits, B holds. */
    private record Pair(AppSession waiter, AppSession holder) {
    }

    @Test
    void sharedLockHolderBlockingAnUpgradeIsInferred() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(server.uri())) {
            Pair p = sharedToExclusive(db);
            assertOmittedByTheServer(db, p.waiter());
            try (ServerConnection monitor = db.monitor()) {
                MySqlLockSnapshotReader reader = new MySqlLockSnapshotReader(monitor.server());
                Snapshot snapshot = reader.read(monitor.connection());
                LockWait wait = assertInferred(snapshot, p, db.schema, "parent");
                assertThat(wait.requested().mode()).isEqualTo("X");
                assertThat(wait.requested().index()).isEqualTo("PRIMARY");
                assertThat(wait.requested().lockData()).isEqualTo("1");
                // sessions, lock waits, the MDL source probe (2), requested locks, metadata locks
                assertThat(snapshot.queryCount()).isEqualTo(6);
                assertThat(reader.read(monitor.connection()).queryCount()).as("the probe is remembered").isEqualTo(4);
            }
        }
    }

    @Test
    void foreignKeyCheckHolderIsInferredThroughTheChildTable() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(server.uri())) {
            createParent(db);
            db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".child (id INT PRIMARY KEY, parent_id INT,"
                    + " FOREIGN KEY (parent_id) REFERENCES " + MySqlNames.quote(db.schema) + ".parent (id)) ENGINE=InnoDB");
            AppSession a = db.session();
            AppSession b = db.session();
            a.execute("START TRANSACTION");
            a.execute("INSERT INTO child VALUES (1, 1)"); // the foreign key check S-locks parent row 1
            b.execute("START TRANSACTION");
            b.execute("INSERT INTO child VALUES (2, 1)");
            a.execute("SET SESSION innodb_lock_wait_timeout = 120");
            Future<?> update = a.background("UPDATE parent SET v = 2 WHERE id = 1");
            db.awaitRowLockWait(a, update);
            Pair p = new Pair(a, b);
            assertOmittedByTheServer(db, a);
            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                LockWait wait = assertInferred(snapshot, p, db.schema, "parent");
                assertThat(wait.requested().lockData()).isEqualTo("1");
            }
        }
    }

    @Test
    void gapLockHolderBlockingAnInsertIsInferred() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(server.uri())) {
            createParent(db);
            AppSession a = db.session();
            AppSession b = db.session();
            a.execute("START TRANSACTION");
            a.execute("SELECT * FROM parent WHERE id = 3 FOR UPDATE"); // no row 3: a gap lock before 5
            b.execute("START TRANSACTION");
            b.execute("SELECT * FROM parent WHERE id = 4 FOR UPDATE"); // the same gap
            a.execute("SET SESSION innodb_lock_wait_timeout = 120");
            Future<?> insert = a.background("INSERT INTO parent VALUES (3, 3)");
            db.awaitRowLockWait(a, insert);
            Pair p = new Pair(a, b);
            assertOmittedByTheServer(db, a);
            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                LockWait wait = assertInferred(snapshot, p, db.schema, "parent");
                assertThat(wait.requested().mode()).contains("GAP");
                assertThat(wait.requested().lockData()).isEqualTo("5");
            }
        }
    }

    @Test
    void anExclusiveRowWaitIsListedByTheServerAndNotInferred() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(server.uri())) {
            createParent(db);
            AppSession holder = db.session();
            AppSession waiter = db.session();
            holder.execute("START TRANSACTION");
            holder.execute("UPDATE parent SET v = 10 WHERE id = 1");
            waiter.execute("START TRANSACTION");
            waiter.execute("SELECT * FROM parent WHERE id = 5 FOR UPDATE"); // holds a row lock too: not an orphan
            waiter.execute("SET SESSION innodb_lock_wait_timeout = 120");
            Future<?> blocked = waiter.background("UPDATE parent SET v = 20 WHERE id = 1");
            db.awaitRowLockWait(waiter, blocked);
            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                List<LockWait> waits = waitsOf(snapshot, waiter);
                assertThat(waits).hasSize(1);
                assertThat(waits.get(0).blockerId()).isEqualTo(holder.id);
                assertThat(waits.get(0).kind()).isEqualTo(WaitKind.HARD);
                assertThat(waits.get(0).blocking()).isNotNull();
                assertThat(waits.get(0).blocking().table()).isEqualTo("parent");
                assertThat(snapshot.limitations()).isEmpty();
                assertThat(snapshot.queryCount()).as("no fallback statement").isEqualTo(2);
            }
        }
    }

    @Test
    void withoutAMetadataLockSourceTheWaiterIsNamedAndNothingIsInferred() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(server.uri())) {
            db.admin("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME = '"
                    + MetadataLockWaits.MDL_INSTRUMENT + "'");
            try {
                Pair p = sharedToExclusive(db);
                try (ServerConnection monitor = db.monitor()) {
                    Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                    assertThat(waitsOf(snapshot, p.waiter())).isEmpty();
                    assertThat(snapshot.limitations()).hasSize(1);
                    Limitation limitation = snapshot.limitations().get(0);
                    assertThat(limitation.what()).isEqualTo("who blocks session(s) " + p.waiter().id);
                    assertThat(limitation.reason()).contains("INNODB_LOCK_WAITS").contains("metadata lock");
                    assertThat(limitation.remedy()).contains("INSTALL SONAME 'metadata_lock_info'")
                            .contains("UPDATE performance_schema.setup_instruments").contains("10.11.19");
                }
            } finally {
                db.admin("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES' WHERE NAME = '"
                        + MetadataLockWaits.MDL_INSTRUMENT + "'");
            }
        }
    }

    /**
     * The same shape on the shared test server (the machine's MariaDB when DBRESCUE_TEST_MARIADB_URL is set, else an
     * embedded 10.11.5): the blocker is B either way; the edge is inferred, and says so, only where the server omits it.
     */
    @Test
    void theBlockerIsFoundWhetherTheServerListsTheWaitOrNot() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            Pair p = sharedToExclusive(db);
            boolean listed = listedWaits(db, p.waiter()) > 0;
            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                List<LockWait> waits = waitsOf(snapshot, p.waiter());
                assertThat(waits).extracting(LockWait::blockerId).containsExactly(p.holder().id);
                assertThat(waits.get(0).kind()).isEqualTo(WaitKind.HARD);
                if (listed) {
                    assertThat(waits.get(0).blocking()).isNotNull();
                    assertThat(snapshot.limitations()).noneMatch(l -> l.what().contains("inferred"));
                } else {
                    assertInferred(snapshot, p, db.schema, "parent");
                }
            }
        }
    }

    /** parent(id, v) with rows 1, 5, 10. */
    private static void createParent(ScratchDatabase db) {
        db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".parent (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        db.admin("INSERT INTO " + MySqlNames.quote(db.schema) + ".parent VALUES (1, 1), (5, 5), (10, 10)");
    }

    /** A and B read row 1 LOCK IN SHARE MODE, A first; then A updates it and waits for B's S lock. */
    private static Pair sharedToExclusive(ScratchDatabase db) {
        createParent(db);
        AppSession a = db.session();
        AppSession b = db.session();
        a.execute("START TRANSACTION");
        a.execute("SELECT * FROM parent WHERE id = 1 LOCK IN SHARE MODE");
        b.execute("START TRANSACTION");
        b.execute("SELECT * FROM parent WHERE id = 1 LOCK IN SHARE MODE");
        a.execute("SET SESSION innodb_lock_wait_timeout = 120");
        Future<?> update = a.background("UPDATE parent SET v = 2 WHERE id = 1");
        db.awaitRowLockWait(a, update);
        return new Pair(a, b);
    }

    /** The edge waiter -> holder, HARD, on the table, with no blocking lock, and the limitation that says it is inferred. */
    private static LockWait assertInferred(Snapshot snapshot, Pair p, String schema, String table) {
        List<LockWait> waits = waitsOf(snapshot, p.waiter());
        assertThat(waits).as("waits of %s in %s", p.waiter(), snapshot.waits()).hasSize(1);
        LockWait wait = waits.get(0);
        assertThat(wait.blockerId()).isEqualTo(p.holder().id);
        assertThat(wait.kind()).isEqualTo(WaitKind.HARD);
        assertThat(wait.blocking()).isNull();
        assertThat(wait.requested().type()).isEqualTo("RECORD");
        assertThat(wait.requested().schema()).isEqualTo(schema);
        assertThat(wait.requested().table()).isEqualTo(table);
        assertThat(wait.waitSeconds()).isNotNull().isBetween(0.0, 60.0);
        assertThat(snapshot.waits()).noneMatch(w -> w.waiterId() == p.holder().id);
        assertThat(snapshot.session(p.holder().id).orElseThrow().rowsLocked()).isGreaterThanOrEqualTo(1L);

        assertThat(snapshot.limitations()).hasSize(1);
        Limitation limitation = snapshot.limitations().get(0);
        assertThat(limitation.what()).isEqualTo("the exact lock that blocks session(s) " + p.waiter().id
                + " (their blockers are inferred)");
        assertThat(limitation.reason()).contains("INFORMATION_SCHEMA.INNODB_LOCK_WAITS")
                .contains("omits holders of shared and gap locks").contains("inferred the blockers from metadata locks");
        assertThat(limitation.remedy()).contains("upgrade MariaDB").contains("10.11.19");
        return wait;
    }

    /** The test's premise: this server does not list the wait, so the fallback is what is being tested. */
    private static void assertOmittedByTheServer(ScratchDatabase db, AppSession waiter) throws SQLException {
        assertThat(listedWaits(db, waiter))
                .as("MariaDB %s now lists this wait in INNODB_LOCK_WAITS: this test needs a server that omits it",
                        EmbeddedMariaDb.VERSION)
                .isZero();
    }

    private static int listedWaits(ScratchDatabase db, AppSession waiter) throws SQLException {
        try (PreparedStatement ps = db.adminConnection().prepareStatement("SELECT COUNT(*)"
                + " FROM information_schema.INNODB_LOCK_WAITS w"
                + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                + " WHERE r.trx_mysql_thread_id = ?")) {
            ps.setLong(1, waiter.id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<LockWait> waitsOf(Snapshot snapshot, AppSession session) {
        return snapshot.waits().stream().filter(w -> w.waiterId() == session.id).toList();
    }
}
