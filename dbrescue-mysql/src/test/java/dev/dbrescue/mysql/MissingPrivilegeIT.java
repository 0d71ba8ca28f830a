package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.mysql.ScratchDatabase.AppSession;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A monitoring account without PROCESS sees only its own sessions, and is told which GRANT lifts that. */
class MissingPrivilegeIT {

    @Test
    void withoutProcessTheSnapshotDegradesAndNamesTheGrant() throws Exception {
        String user = "dbrescue_np_" + UUID.randomUUID().toString().substring(0, 6);
        String password = "pw-" + UUID.randomUUID();
        // '%' and the local names: an anonymous ''@'localhost' account would otherwise win over 'user'@'%'.
        String[] hosts = {"%", "localhost", "127.0.0.1"};
        try (ScratchDatabase db = ScratchDatabase.on(TestServers.mariadb().uri())) {
            for (String host : hosts) {
                db.admin("CREATE USER " + MySqlNames.literal(user) + "@" + MySqlNames.literal(host)
                        + " IDENTIFIED BY " + MySqlNames.literal(password));
                db.admin("GRANT SELECT ON " + MySqlNames.quote(db.schema) + ".* TO " + MySqlNames.literal(user) + "@" + MySqlNames.literal(host));
            }
            try {
                db.admin("CREATE TABLE " + MySqlNames.quote(db.schema) + ".orders (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
                db.admin("INSERT INTO " + MySqlNames.quote(db.schema) + ".orders VALUES (1, 1)");
                AppSession holder = db.session();
                AppSession waiter = db.session();
                holder.execute("START TRANSACTION");
                holder.execute("UPDATE orders SET v = 2 WHERE id = 1");
                waiter.execute("SET SESSION innodb_lock_wait_timeout = 120");
                Future<?> blocked = waiter.background("UPDATE orders SET v = 3 WHERE id = 1");
                db.awaitRowLockWait(waiter, blocked);

                try (ServerConnection monitor = db.monitor(db.server.withDatabase(null).withUser(user).withPassword(password))) {
                    Snapshot snapshot = ScratchDatabase.snapshot(monitor);
                    assertThat(snapshot.limitations()).hasSize(1);
                    Limitation limitation = snapshot.limitations().get(0);
                    assertThat(limitation.what()).contains("other users' sessions");
                    assertThat(limitation.reason()).contains("PROCESS");
                    assertThat(limitation.remedy()).startsWith("GRANT PROCESS ON *.* TO " + MySqlNames.literal(user) + "@'");
                    assertThat(snapshot.session(holder.id)).isEmpty();
                    assertThat(snapshot.session(waiter.id)).isEmpty();
                    assertThat(snapshot.waits()).isEmpty();
                    assertThat(snapshot.ownSessionId()).isEqualTo(RowLockSnapshotIT.connectionId(monitor));
                    assertThat(snapshot.queryCount()).isEqualTo(2); // the refused join, then the processlist alone
                }
            } finally {
                for (String host : hosts) {
                    db.admin("DROP USER IF EXISTS " + MySqlNames.literal(user) + "@" + MySqlNames.literal(host));
                }
            }
        }
    }
}
