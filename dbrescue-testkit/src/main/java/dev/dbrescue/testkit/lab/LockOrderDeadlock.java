package dev.dbrescue.testkit.lab;

/** Two transactions lock the same two rows in opposite orders (seed 03's lockt1/lockt2 deadlock). */
public final class LockOrderDeadlock implements Scenario {

    @Override
    public String name() {
        return "lock-order-deadlock";
    }

    @Override
    public String description() {
        return "A locks row 1, B locks row 2, A asks for row 2, B asks for row 1. Where the server lets the cycle stand"
                + " (PostgreSQL with a raised deadlock_timeout, InnoDB with innodb_deadlock_detect=OFF) dbrescue locks reports"
                + " a deadlock-cycle of A and B; otherwise the lab holds A waiting for B (B is the root blocker) and the"
                + " ending closes the cycle, so that the server picks a victim (ERROR 1213 / 40P01).";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String accounts = run.table("accounts");
            run.setup(run.dialect().createTable(accounts, "id INT NOT NULL PRIMARY KEY, balance INT NOT NULL"));
            run.setup("INSERT INTO " + accounts + " (id, balance) VALUES (1, 100), (2, 100)");
            LabSession a = run.session("A", "locked account 1, then asks for account 2");
            LabSession b = run.session("B", "locked account 2; asking for account 1 closes the cycle");
            DeadlockPlan plan = DeadlockPlan.prepare(run, a, b);

            a.run("BEGIN");
            a.run("UPDATE " + accounts + " SET balance = balance - 10 WHERE id = 1");
            b.run("BEGIN");
            b.run("UPDATE " + accounts + " SET balance = balance - 20 WHERE id = 2");
            plan.hold("UPDATE " + accounts + " SET balance = balance + 10 WHERE id = 2",
                    "UPDATE " + accounts + " SET balance = balance + 20 WHERE id = 1");
        });
    }
}
