package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.ScratchDatabase.AppSession;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 04 on MariaDB: a forgotten transaction that read a table, a LOCK TABLE ... WRITE waiting for it, and two
 * SELECTs queued behind the LOCK TABLE. Seen through each source the reader knows: performance_schema.metadata_locks
 * (pending requests listed by the server), the METADATA_LOCK_INFO plugin (granted locks only, pending requests
 * inferred), and neither (a limitation that says how to enable one).
 */
class MetadataLockQueueIT {

    /**
     * MariaDB has performance_schema off by default and it cannot be turned on at run time, so these tests start a
     * server of their own with it on (the testkit's embedded MariaDB; its binaries do not ship metadata_lock_info).
     */
    private static EmbeddedMariaDb withPerformanceSchema;

    @BeforeAll
    static void startServerWithPerformanceSchema() {
        withPerformanceSchema = EmbeddedMariaDb.start("--performance-schema=ON",
                "--performance-schema-instrument=wait/lock/metadata/sql/mdl=ON");
    }

    @AfterAll
    static void stopServer() {
        if (withPerformanceSchema != null) {
            withPerformanceSchema.close();
        }
    }

    /** The incident's sessions. */
    private record Queue(AppSession idle, AppSession locker, AppSession reader1, AppSession reader2) {
    }

    @Test
    void queueSeenThroughPerformanceSchema() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(withPerformanceSchema.uri())) {
            Queue q = makeQueue(db);
            try (ServerConnection monitor = db.monitor()) {
                MySqlLockSnapshotReader reader = new MySqlLockSnapshotReader(monitor.server());
                Snapshot snapshot = reader.read(monitor.connection());
                assertQueue(snapshot, q, db.schema);
                assertThat(snapshot.limitations()).isEmpty();
                // processlist, the probe (variables and plugins, then the instrument), metadata_locks
                assertThat(snapshot.queryCount()).isEqualTo(4);
                assertThat(probe(monitor)).isEqualTo(MetadataLockWaits.Source.PERFORMANCE_SCHEMA);

                Snapshot again = reader.read(monitor.connection());
                assertQueue(again, q, db.schema);
                assertThat(again.queryCount()).as("the probe is remembered").isEqualTo(2);

                // The plugin's view is the granted half of this table: inferring the pending half from the waiters'
                // statements must give the same edges as the server's own list.
                List<MdlLock> all = new PerformanceSchemaMdlReader().read(new SqlRunner(monitor.connection()));
                List<MdlLock> granted = all.stream().filter(MdlLock::granted).toList();
                List<ProcessRow> rows = new ProcesslistReader(monitor.server())
                        .read(new SqlRunner(monitor.connection()), new ArrayList<>()).rows();
                MdlWaitInference.Result inferred = MdlWaitInference.infer(
                        rows.stream().filter(ProcessRow::tableMetadataLockWait).toList(), granted);
                List<MdlLock> rebuilt = new ArrayList<>(granted);
                rebuilt.addAll(inferred.pending());
                assertThat(inferred.unresolved()).isEmpty();
                assertThat(edges(MdlQueue.waits(rebuilt, id -> null).waits()))
                        .containsExactlyInAnyOrderElementsOf(edges(MdlQueue.waits(all, id -> null).waits()));
            }
        }
    }

    @Test
    void queueSeenThroughMetadataLockInfoWhereTheServerHasIt() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            boolean plugin = ensureMetadataLockInfo(db);
            Queue q = makeQueue(db);
            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                MetadataLockWaits.Source source = probe(monitor);
                if (plugin && source == MetadataLockWaits.Source.METADATA_LOCK_INFO) {
                    assertQueue(snapshot, q, db.schema);
                    assertThat(snapshot.limitations()).isEmpty();
                    assertThat(snapshot.queryCount()).isBetween(3, 5);
                } else if (source == MetadataLockWaits.Source.PERFORMANCE_SCHEMA) {
                    assertQueue(snapshot, q, db.schema); // a test server started with performance_schema on
                } else {
                    // The testkit's embedded MariaDB ships no plugin: the user is told how to get one.
                    assertNoSourceLimitation(snapshot, q);
                }
            }
        }
    }

    @Test
    void withoutASourceALimitationSaysHowToEnableOne() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(withPerformanceSchema.uri())) {
            db.admin("UNINSTALL SONAME IF EXISTS 'metadata_lock_info'"); // should later binaries ship it
            db.admin("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME = '"
                    + MetadataLockWaits.MDL_INSTRUMENT + "'");
            try {
                Queue q = makeQueue(db);
                try (ServerConnection monitor = db.monitor()) {
                    Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                    assertNoSourceLimitation(snapshot, q);
                    assertThat(snapshot.limitations().get(0).remedy()).contains("UPDATE performance_schema.setup_instruments");
                }
            } finally {
                db.admin("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES' WHERE NAME = '"
                        + MetadataLockWaits.MDL_INSTRUMENT + "'");
            }
        }
    }

    private static Queue makeQueue(ScratchDatabase db) {
        db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".orders (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        db.admin("INSERT INTO " + MySqlNames.quote(db.schema) + ".orders VALUES (1, 1)");
        AppSession idle = db.session();
        AppSession locker = db.session();
        AppSession reader1 = db.session();
        AppSession reader2 = db.session();
        idle.execute("START TRANSACTION");
        idle.execute("SELECT * FROM orders");
        db.awaitTransaction(idle);
        locker.execute("SET SESSION lock_wait_timeout = 120");
        Future<?> lock = locker.background("LOCK TABLE orders WRITE");
        db.awaitState(locker, lock, ProcessRow.TABLE_METADATA_LOCK_WAIT);
        reader1.execute("SET SESSION lock_wait_timeout = 120");
        reader2.execute("SET SESSION lock_wait_timeout = 120");
        Future<?> r1 = reader1.background("SELECT * FROM orders");
        db.awaitState(reader1, r1, ProcessRow.TABLE_METADATA_LOCK_WAIT);
        Future<?> r2 = reader2.background("SELECT COUNT(*) FROM " + MySqlNames.quote(db.schema) + ".`orders`");
        db.awaitState(reader2, r2, ProcessRow.TABLE_METADATA_LOCK_WAIT);
        return new Queue(idle, locker, reader1, reader2);
    }

    private static void assertQueue(Snapshot snapshot, Queue q, String schema) {
        List<LockWait> lockerWaits = waitsOf(snapshot, q.locker());
        assertThat(lockerWaits).hasSize(1);
        LockWait hard = lockerWaits.get(0);
        assertThat(hard.blockerId()).isEqualTo(q.idle().id);
        assertThat(hard.kind()).isEqualTo(WaitKind.HARD);
        assertThat(hard.requested().type()).isEqualTo("METADATA");
        assertThat(hard.requested().mode()).isEqualTo("SHARED_NO_READ_WRITE");
        assertThat(hard.requested().object()).isEqualTo(schema + ".orders");
        assertThat(hard.blocking().mode()).isEqualTo("SHARED_READ");
        assertThat(hard.waitSeconds()).isNotNull().isBetween(0.0, 60.0);

        for (AppSession r : List.of(q.reader1(), q.reader2())) {
            List<LockWait> waits = waitsOf(snapshot, r);
            assertThat(waits).as("waits of reader %s", r.id).hasSize(1);
            assertThat(waits.get(0).blockerId()).isEqualTo(q.locker().id);
            assertThat(waits.get(0).kind()).isEqualTo(WaitKind.QUEUED);
            assertThat(waits.get(0).requested().mode()).isEqualTo("SHARED_READ");
            assertThat(waits.get(0).blocking().mode()).isEqualTo("SHARED_NO_READ_WRITE");
        }

        Session holder = snapshot.session(q.idle().id).orElseThrow();
        assertThat(holder.busy()).isFalse();
        assertThat(holder.idleInTransaction()).isTrue();
        assertThat(snapshot.session(q.locker().id).orElseThrow().state()).isEqualTo("Query (Waiting for table metadata lock)");
        assertThat(snapshot.heldLocks()).anySatisfy(l -> {
            assertThat(l.sessionId()).isEqualTo(q.idle().id);
            assertThat(l.lock().mode()).isEqualTo("SHARED_READ");
            assertThat(l.lock().table()).isEqualTo("orders");
        });
    }

    private static void assertNoSourceLimitation(Snapshot snapshot, Queue q) {
        assertThat(waitsOf(snapshot, q.locker())).isEmpty();
        assertThat(snapshot.session(q.locker().id).orElseThrow().state()).isEqualTo("Query (Waiting for table metadata lock)");
        assertThat(snapshot.limitations()).hasSize(1);
        Limitation limitation = snapshot.limitations().get(0);
        assertThat(limitation.what()).startsWith("metadata lock waits");
        assertThat(limitation.remedy()).startsWith("INSTALL SONAME 'metadata_lock_info'");
    }

    private static MetadataLockWaits.Source probe(ServerConnection monitor) throws SQLException {
        return new MetadataLockWaits(monitor.server()).source(new SqlRunner(monitor.connection()), null);
    }

    private static List<LockWait> waitsOf(Snapshot snapshot, AppSession session) {
        return snapshot.waits().stream().filter(w -> w.waiterId() == session.id).toList();
    }

    /** waiter, blocker, kind: what must agree between the server's pending list and the inferred one. */
    private static List<String> edges(List<LockWait> waits) {
        return waits.stream().map(w -> w.waiterId() + "->" + w.blockerId() + " " + w.kind() + " " + w.requested().mode()).toList();
    }

    /**
     * Installs the plugin if the server ships it (MariaDB packages do; the testkit's embedded binaries do not).
     * Returns whether it is active.
     */
    private static boolean ensureMetadataLockInfo(ScratchDatabase db) throws SQLException {
        try (Statement statement = db.adminConnection().createStatement()) {
            if (pluginActive(statement)) {
                return true;
            }
            try {
                statement.execute("INSTALL SONAME 'metadata_lock_info'");
            } catch (SQLException notShipped) {
                return false;
            }
            return pluginActive(statement);
        }
    }

    private static boolean pluginActive(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.PLUGINS"
                + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
