package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.FindingKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 04: a forgotten {@code BEGIN; SELECT} holds the weakest table lock; a {@code LOCK TABLE} queues behind it, and
 * every later SELECT queues behind the LOCK TABLE, because a waiting strong request blocks the weaker ones that come
 * after it. PostgreSQL: ACCESS SHARE, then ACCESS EXCLUSIVE
 * (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES). MySQL/MariaDB: the same shape with
 * metadata locks: the open transaction holds SHARED_READ on the table until it ends, LOCK TABLES ... WRITE waits for
 * SHARED_NO_READ_WRITE, and pending strong metadata locks take precedence over new SHARED_READ requests
 * (https://dev.mysql.com/doc/refman/8.0/en/metadata-locking.html).
 */
public final class IdleTransactionLockQueue implements Scenario {

    @Override
    public String name() {
        return "idle-transaction-lock-queue";
    }

    @Override
    public String description() {
        return "A runs BEGIN; SELECT on a table and goes idle; B asks for LOCK TABLE (PostgreSQL ACCESS EXCLUSIVE; MySQL/MariaDB"
                + " LOCK TABLES ... WRITE, through metadata locks) and waits; C, D and E run plain SELECTs and queue behind B."
                + " dbrescue locks names A as the root, a lock-queue, with 4 sessions waiting behind it.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            if (run.server().engine() == Engine.MARIADB) {
                ensureMetadataLockInfo(run);
            }
            String settings = run.table("user_setting");
            run.setup(run.dialect().createTable(settings, "id INT NOT NULL PRIMARY KEY, value VARCHAR(40) NOT NULL"));
            run.setup("INSERT INTO " + settings + " (id, value) VALUES (1, 'dark-mode')");
            String select = "SELECT * FROM " + settings + " WHERE id = 1";
            LabSession a = run.session("A", "ran BEGIN; SELECT and went idle, holding the table's weakest lock");
            LabSession b = run.session("B", "asks to lock the whole table and waits for A");
            List<LabSession> readers = new ArrayList<>();
            for (String name : List.of("C", "D", "E")) {
                readers.add(run.session(name, "runs a plain SELECT and queues behind B's request"));
            }

            a.run("BEGIN");
            a.run(select);
            Pending lockTable;
            if (run.mysqlFamily()) {
                lockTable = b.submit("LOCK TABLES " + settings + " WRITE");
            } else {
                b.run("BEGIN"); // LOCK TABLE only exists inside a transaction block
                lockTable = b.submit("LOCK TABLE " + settings); // ACCESS EXCLUSIVE, the default mode
            }
            run.awaitWaiting(b);
            List<Pending> queued = new ArrayList<>();
            for (LabSession reader : readers) {
                queued.add(reader.submit(select));
                run.awaitWaiting(reader); // one at a time, so that the queue order is C, D, E
            }
            run.awaitWaiting(b, readers.get(0), readers.get(1), readers.get(2));

            run.expect(Expectation.blockedBy(a.id(), FindingKind.LOCK_QUEUE, 4));
            run.onFinish(() -> {
                List<String> lines = new ArrayList<>();
                String ending;
                try {
                    a.run("COMMIT");
                    ending = " committed";
                } catch (SQLException ended) {
                    // First aid (dbrescue kill) ended A during the hold: its transaction was rolled back then.
                    ending = " had already been ended (" + run.dialect().describe(ended) + ")";
                }
                lockTable.await(LabSession.QUICK);
                lines.add(a.label() + ending + "; " + b.label() + "'s `" + lockTable.sql() + "` " + run.outcome(lockTable) + ".");
                b.run(run.mysqlFamily() ? "UNLOCK TABLES" : "COMMIT");
                for (Pending p : queued) {
                    p.await(LabSession.QUICK);
                    lines.add(p.session().label() + "'s SELECT " + run.outcome(p) + ", once " + b.name() + " released the table.");
                }
                return lines;
            });
        });
    }

    /**
     * MariaDB shows metadata locks through performance_schema.metadata_locks when performance_schema is on with the
     * MDL instrument enabled (off by default), or else through the METADATA_LOCK_INFO plugin
     * (https://mariadb.com/kb/en/metadata-lock-info-plugin/): when neither is there, install the plugin if the lab's
     * user may, so that dbrescue locks can see this queue.
     */
    private static void ensureMetadataLockInfo(LabRun run) {
        try {
            if (performanceSchemaShowsMetadataLocks(run)) {
                return;
            }
            long installed = run.observer().queryLong("SELECT COUNT(*) FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'");
            if (installed > 0) {
                return;
            }
            run.observer().execute("INSTALL SONAME 'metadata_lock_info'");
            run.log("installed MariaDB's metadata_lock_info plugin (information_schema.METADATA_LOCK_INFO), so that metadata locks can be seen");
        } catch (SQLException e) {
            run.log("warning: neither performance_schema.metadata_locks nor information_schema.METADATA_LOCK_INFO is available"
                    + " and the lab could not install the plugin (" + run.dialect().describe(e) + "); dbrescue locks will not see"
                    + " who holds the metadata lock. An administrator can run: INSTALL SONAME 'metadata_lock_info'");
        }
    }

    private static boolean performanceSchemaShowsMetadataLocks(LabRun run) {
        try {
            return "1".equals(run.observer().queryString("SELECT @@GLOBAL.performance_schema"))
                    && run.observer().queryLong("SELECT COUNT(*) FROM performance_schema.setup_instruments"
                    + " WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'") > 0;
        } catch (SQLException e) {
            return false; // no performance_schema, or not readable: the plugin is the other way
        }
    }
}
