package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.ScratchDatabase.AppSession;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A row lock held by a forgotten BEGIN and a session waiting on it, seen by a real snapshot. */
class RowLockSnapshotIT {

    @Test
    void waiterBlockedByAnIdleTransactionOnAPrimaryKeyRow() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".orders (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
            db.admin("INSERT INTO " + MySqlNames.quote(db.schema) + ".orders VALUES (1, 1), (2, 2), (5, 5)");
            AppSession holder = db.session();
            AppSession waiter = db.session();
            holder.execute("START TRANSACTION");
            holder.execute("UPDATE orders SET v = 10 WHERE id = 1");
            Thread.sleep(1_200); // so that the holder's transaction and idle time are at least a second old
            waiter.execute("SET SESSION innodb_lock_wait_timeout = 120");
            Future<?> blocked = waiter.background("UPDATE orders SET v = 20 WHERE id = 1");
            db.awaitRowLockWait(waiter, blocked);

            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);

                assertThat(snapshot.server().engine()).isIn(Engine.MARIADB, Engine.MYSQL);
                assertThat(snapshot.ownSessionId()).isEqualTo(connectionId(monitor));
                assertThat(snapshot.session(snapshot.ownSessionId())).isEmpty();

                List<LockWait> mine = snapshot.waits().stream().filter(w -> w.waiterId() == waiter.id).toList();
                assertThat(mine).hasSize(1);
                LockWait wait = mine.get(0);
                assertThat(wait.blockerId()).isEqualTo(holder.id);
                assertThat(wait.kind()).isEqualTo(WaitKind.HARD);
                // MariaDB and MySQL 5.7 print X for a record lock without gap; MySQL 8 prints X,REC_NOT_GAP.
                assertThat(wait.requested().mode()).isIn("X", "X,REC_NOT_GAP");
                assertThat(wait.requested()).isEqualTo(new LockRef("RECORD", wait.requested().mode(), db.schema, "orders", "PRIMARY", "1"));
                assertThat(wait.blocking()).isEqualTo(wait.requested());
                assertThat(wait.waitSeconds()).isNotNull().isBetween(0.0, 60.0);

                Session h = snapshot.session(holder.id).orElseThrow();
                assertThat(h.idleInTransaction()).isTrue();
                assertThat(h.state()).isEqualTo("Sleep");
                assertThat(h.transactionSeconds()).isNotNull().isBetween(1.0, 60.0);
                assertThat(h.idleSeconds()).isNotNull().isBetween(1.0, 60.0);
                assertThat(h.rowsModified()).isEqualTo(1L);
                assertThat(h.rowsLocked()).isGreaterThanOrEqualTo(1L);
                assertThat(h.database()).isEqualTo(db.schema);
                assertThat(h.query()).isNull();

                Session w = snapshot.session(waiter.id).orElseThrow();
                assertThat(w.busy()).isTrue();
                assertThat(w.inTransaction()).isTrue();
                assertThat(w.state()).startsWith("Query");
                assertThat(w.query()).isEqualTo("UPDATE orders SET v = 20 WHERE id = 1");
                assertThat(w.idleSeconds()).isEqualTo(0.0);

                assertThat(snapshot.heldLocks()).contains(new Snapshot.HeldLock(holder.id, wait.blocking()));
                assertThat(snapshot.heldLocks()).noneMatch(l -> l.sessionId() == waiter.id);
                assertThat(snapshot.limitations()).isEmpty();
                // sessions + row lock waits; more only if someone else's metadata lock wait shares the server
                assertThat(snapshot.queryCount()).isBetween(2, 5);
            }
        }
    }

    @Test
    void waitersQueuedOnTheSameRowAllWaitAndOnlyTheHolderHoldsIt() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".orders (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
            db.admin("INSERT INTO " + MySqlNames.quote(db.schema) + ".orders VALUES (1, 1)");
            AppSession holder = db.session();
            AppSession first = db.session();
            AppSession second = db.session();
            holder.execute("START TRANSACTION");
            holder.execute("SELECT v FROM orders WHERE id = 1 FOR UPDATE");
            first.execute("SET SESSION innodb_lock_wait_timeout = 120");
            second.execute("SET SESSION innodb_lock_wait_timeout = 120");
            Future<?> f1 = first.background("UPDATE orders SET v = 2 WHERE id = 1");
            db.awaitRowLockWait(first, f1);
            Future<?> f2 = second.background("UPDATE orders SET v = 3 WHERE id = 1");
            db.awaitRowLockWait(second, f2);

            try (ServerConnection monitor = db.monitor()) {
                Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                assertThat(snapshot.waits().stream().filter(w -> w.waiterId() == first.id).map(LockWait::blockerId))
                        .containsExactly(holder.id);
                // InnoDB lists the second waiter as blocked by the holder and by the first waiter's queued request.
                assertThat(snapshot.waits().stream().filter(w -> w.waiterId() == second.id).map(LockWait::blockerId))
                        .contains(holder.id);
                assertThat(snapshot.waits().stream().filter(w -> w.waiterId() == second.id))
                        .allMatch(w -> w.kind() == WaitKind.HARD);
                assertThat(snapshot.heldLocks()).extracting(Snapshot.HeldLock::sessionId)
                        .contains(holder.id).doesNotContain(first.id, second.id);
                assertThat(snapshot.session(holder.id).orElseThrow().idleInTransaction()).isTrue();
            }
        }
    }

    static long connectionId(ServerConnection connection) throws Exception {
        try (Statement statement = connection.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
