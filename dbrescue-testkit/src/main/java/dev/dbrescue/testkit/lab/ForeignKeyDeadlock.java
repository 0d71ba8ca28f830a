package dev.dbrescue.testkit.lab;

/**
 * Seed 03's production deadlock: inserting a child row locks the parent row in shared mode (so that the parent cannot
 * vanish before the transaction ends); two transactions that each add a child and then update the parent deadlock.
 */
public final class ForeignKeyDeadlock implements Scenario {

    @Override
    public String name() {
        return "foreign-key-deadlock";
    }

    @Override
    public String description() {
        return "A and B each insert an item for user 1 (the foreign key check takes a shared lock on the user row), then"
                + " each updates user 1, which needs an exclusive lock the other's shared lock forbids. Held as a standing"
                + " cycle where the server allows it, otherwise as A waiting for B, with the ending closing the cycle.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String users = run.table("users");
            String items = run.table("user_items");
            run.setup(run.dialect().createTable(users,
                    "id INT NOT NULL PRIMARY KEY, login VARCHAR(40) NOT NULL UNIQUE, item_count INT NOT NULL"));
            run.setup(run.dialect().createTable(items, "id INT NOT NULL PRIMARY KEY, user_id INT NOT NULL, item_name VARCHAR(40) NOT NULL,"
                    + " FOREIGN KEY (user_id) REFERENCES " + users + " (id)"));
            run.setup("INSERT INTO " + users + " (id, login, item_count) VALUES (1, 'user1', 0)");
            LabSession a = run.session("A", "added an item for user 1 (shared lock on the user row), then updates user 1");
            LabSession b = run.session("B", "added an item for user 1 too; its update of user 1 closes the cycle");
            DeadlockPlan plan = DeadlockPlan.prepare(run, a, b);

            // InnoDB: the foreign key check sets a shared record lock on the parent row
            // (https://dev.mysql.com/doc/refman/8.0/en/innodb-locks-set.html), and any UPDATE of that row needs an
            // exclusive one: the seed's "UPDATE users" after inserting a child.
            // PostgreSQL: the check takes FOR KEY SHARE, which an UPDATE of non-key columns (FOR NO KEY UPDATE) does
            // not conflict with, so the seed's counter update would not deadlock there. Changing a column covered by a
            // unique index (here the login) takes FOR UPDATE, which does conflict
            // (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS).
            String update = run.mysqlFamily()
                    ? "UPDATE " + users + " SET item_count = item_count + 1 WHERE id = 1"
                    : "UPDATE " + users + " SET login = 'user1-renamed-by-%s' WHERE id = 1";

            a.run("BEGIN");
            a.run("INSERT INTO " + items + " (id, user_id, item_name) VALUES (1, 1, 'item-of-A')");
            b.run("BEGIN");
            b.run("INSERT INTO " + items + " (id, user_id, item_name) VALUES (2, 1, 'item-of-B')");
            plan.hold(update.replace("%s", "A"), update.replace("%s", "B"));
        });
    }
}
