package dev.dbrescue.testkit.lab;

/**
 * The "check, then insert" deadlock. InnoDB: both transactions look for a missing key with SELECT ... FOR UPDATE,
 * which under REPEATABLE READ sets a gap lock on the same gap; gap locks never conflict with each other, but the
 * insert-intention lock each INSERT then needs waits for the other's gap lock
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-locking.html#innodb-insert-intention-locks).
 */
public final class GapInsertDeadlock implements Scenario {

    @Override
    public String name() {
        return "gap-insert-deadlock";
    }

    @Override
    public String description() {
        return "InnoDB: A and B each check that a key in the gap (10, 20) is free with SELECT ... FOR UPDATE (gap locks,"
                + " compatible), then each inserts into the gap (insert intention waits for the other's gap lock)."
                + " PostgreSQL has no gap locks: A inserts 15, B inserts 16, then each inserts the other's key and waits for"
                + " the other's transaction. Held as a standing cycle where the server allows it, otherwise as A waiting for"
                + " B, with the ending closing the cycle.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String slots = run.table("slots");
            run.setup(run.dialect().createTable(slots, "id INT NOT NULL PRIMARY KEY, taken_by VARCHAR(10) NOT NULL"));
            run.setup("INSERT INTO " + slots + " (id, taken_by) VALUES (10, 'setup'), (20, 'setup')");
            boolean gaps = run.mysqlFamily();
            LabSession a = run.session("A", gaps ? "checked that slot 15 is free (gap lock), then inserts it"
                    : "inserted slot 15, then inserts slot 16");
            LabSession b = run.session("B", gaps ? "checked that slot 16 is free (same gap); its insert closes the cycle"
                    : "inserted slot 16; inserting slot 15 closes the cycle");
            DeadlockPlan plan = DeadlockPlan.prepare(run, a, b);

            a.run("BEGIN");
            b.run("BEGIN");
            if (gaps) {
                a.run("SELECT * FROM " + slots + " WHERE id = 15 FOR UPDATE"); // no row: gap lock on (10, 20)
                b.run("SELECT * FROM " + slots + " WHERE id = 16 FOR UPDATE"); // the same gap: compatible
                plan.hold("INSERT INTO " + slots + " (id, taken_by) VALUES (15, 'A')",
                        "INSERT INTO " + slots + " (id, taken_by) VALUES (16, 'B')");
            } else {
                // No gap locks in PostgreSQL: an insert of a key that another open transaction has inserted waits for
                // that transaction to end (to know whether the key is a duplicate). Two inserts of each other's keys
                // make the same cycle.
                a.run("INSERT INTO " + slots + " (id, taken_by) VALUES (15, 'A')");
                b.run("INSERT INTO " + slots + " (id, taken_by) VALUES (16, 'B')");
                plan.hold("INSERT INTO " + slots + " (id, taken_by) VALUES (16, 'A')",
                        "INSERT INTO " + slots + " (id, taken_by) VALUES (15, 'B')");
            }
        });
    }
}
