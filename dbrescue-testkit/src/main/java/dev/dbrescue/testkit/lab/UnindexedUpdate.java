package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 03: InnoDB locks every row an UPDATE examines, not only the ones it changes, so an UPDATE whose WHERE column
 * has no index scans and locks the whole table (https://dev.mysql.com/doc/refman/8.0/en/innodb-locks-set.html).
 * PostgreSQL locks only the rows it changes: there the same statements do not block at all.
 */
public final class UnindexedUpdate implements Scenario {

    static final int ROWS = 1_000;

    @Override
    public String name() {
        return "unindexed-update";
    }

    @Override
    public String description() {
        return "A table of " + ROWS + " orders; A updates the orders of customer 7 (one row) by customer_id, which has no index,"
                + " and stays in its transaction; B updates another order by primary key. InnoDB locked every row A's scan"
                + " read, so B waits: dbrescue locks names A as the root, an unindexed-lock-scan, with 1 waiter. PostgreSQL"
                + " locks only the rows an UPDATE changes, so B does not wait and there is nothing to report.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String orders = run.table("orders");
            run.setup(run.dialect().createTable(orders, "id INT NOT NULL PRIMARY KEY, customer_id INT NOT NULL, amount INT NOT NULL"));
            StringBuilder rows = new StringBuilder("INSERT INTO " + orders + " (id, customer_id, amount) VALUES ");
            for (int id = 1; id <= ROWS; id++) {
                rows.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id).append(", 100)");
            }
            run.setup(rows.toString());
            LabSession a = run.session("A", "updated customer 7's order through an unindexed column and stays in its transaction");
            LabSession b = run.session("B", "updates order 500 by primary key");

            a.run("BEGIN");
            a.run("UPDATE " + orders + " SET amount = amount + 1 WHERE customer_id = 7");
            String update = "UPDATE " + orders + " SET amount = amount + 1 WHERE id = 500";
            if (!run.mysqlFamily()) {
                b.run(update); // goes through at once: nothing is blocked
                run.expect(Expectation.nothingBlocked());
                run.onFinish(() -> List.of(b.label() + "'s `" + update + "` went through at once: PostgreSQL locked only the row "
                        + a.name() + " changed, not the rows its scan read."));
                return;
            }
            Pending waits = b.submit(update);
            run.awaitWaiting(b);
            run.expect(Expectation.blockedBy(a.id(), FindingKind.UNINDEXED_LOCK_SCAN, 1));
            run.onFinish(() -> {
                List<String> lines = new ArrayList<>();
                lines.add(a.label() + " " + rowLocks(run, a) + ": its UPDATE scanned the whole table because customer_id has no index;"
                        + " after CREATE INDEX customer_id ON " + orders + " (customer_id) it would lock one row.");
                a.run("ROLLBACK");
                waits.await(LabSession.QUICK);
                lines.add(a.label() + " rolled back; " + b.label() + "'s `" + update + "` " + run.outcome(waits) + ".");
                return lines;
            });
        });
    }

    private static String rowLocks(LabRun run, LabSession a) {
        String sql = "SELECT trx_rows_locked, trx_rows_modified FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = " + a.id();
        try {
            List<String> row = run.observer().queryRow(sql);
            if (row != null) {
                return "held " + row.get(0) + " row locks for " + row.get(1) + " row(s) changed";
            }
        } catch (SQLException e) {
            return "held locks on every row (information_schema.INNODB_TRX not readable: " + run.dialect().describe(e) + ")";
        }
        return "held locks on every row";
    }
}
