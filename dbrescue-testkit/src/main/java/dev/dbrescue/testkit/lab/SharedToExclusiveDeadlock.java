package dev.dbrescue.testkit.lab;

/**
 * Seed 05: both transactions read the same row with a shared lock, then both try to update it. Each exclusive request
 * waits for the other's shared lock.
 */
public final class SharedToExclusiveDeadlock implements Scenario {

    @Override
    public String name() {
        return "shared-to-exclusive-deadlock";
    }

    @Override
    public String description() {
        return "A and B both read project 1 with a shared lock (LOCK IN SHARE MODE / FOR SHARE), then both update it:"
                + " each update needs an exclusive lock that the other's shared lock forbids. Held as a standing cycle where"
                + " the server allows it, otherwise as A waiting for B, with the ending closing the cycle.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String projects = run.table("projects");
            run.setup(run.dialect().createTable(projects, "id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL"));
            run.setup("INSERT INTO " + projects + " (id, name) VALUES (1, 'AAAA')");
            LabSession a = run.session("A", "holds a shared lock on project 1 and asks to update it");
            LabSession b = run.session("B", "holds a shared lock on project 1 too; its update closes the cycle");
            DeadlockPlan plan = DeadlockPlan.prepare(run, a, b);

            a.run("BEGIN");
            a.run("SELECT * FROM " + projects + " WHERE id = 1" + run.dialect().forShare());
            b.run("BEGIN");
            b.run("SELECT * FROM " + projects + " WHERE id = 1" + run.dialect().forShare());
            plan.hold("UPDATE " + projects + " SET name = 'BBBB' WHERE id = 1",
                    "UPDATE " + projects + " SET name = 'CCCC' WHERE id = 1");
        });
    }
}
