package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lock wait that ends in the waiter's lock timeout: ERROR 1205 (innodb_lock_wait_timeout) on MySQL/MariaDB,
 * 55P03 (lock_timeout) on PostgreSQL. The only scenario whose waiter has a timeout shorter than the hold.
 */
public final class LockWaitTimeout implements Scenario {

    @Override
    public String name() {
        return "lock-wait-timeout";
    }

    @Override
    public String description() {
        return "A holds a row lock in an idle transaction; B updates the same row with a lock timeout as long as the hold"
                + " (innodb_lock_wait_timeout / lock_timeout) and gives up with ERROR 1205 / 55P03 when it expires."
                + " dbrescue locks names A as the root blocker (A is also idle in transaction) with 1 waiter.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            // innodb_lock_wait_timeout is whole seconds, at least 1; use the same on PostgreSQL.
            Duration timeout = Duration.ofSeconds(Math.max(1, run.hold().toSeconds()));
            String accounts = run.table("accounts");
            run.setup(run.dialect().createTable(accounts, "id INT NOT NULL PRIMARY KEY, balance INT NOT NULL"));
            run.setup("INSERT INTO " + accounts + " (id, balance) VALUES (1, 100)");
            LabSession a = run.session("A", "updated account 1 and sits idle in its open transaction");
            LabSession b = run.session("B", "updates account 1 with a " + timeout.toSeconds() + " s lock timeout and will give up");

            a.run("BEGIN");
            a.run("UPDATE " + accounts + " SET balance = balance - 10 WHERE id = 1");
            b.run(run.dialect().lockWaitTimeout(timeout));
            b.run("BEGIN");
            Pending waits = b.submit("UPDATE " + accounts + " SET balance = balance + 10 WHERE id = 1");
            run.awaitWaiting(b);

            // A is idle in its transaction, so the report also carries idle-in-transaction for A (as in row-lock-wait);
            // the plain root-blocker finding is the one this scenario checks.
            run.expect(Expectation.blockedBy(a.id(), FindingKind.ROOT_BLOCKER, 1));
            run.onFinish(() -> {
                waits.await(timeout.plus(LabSession.QUICK));
                List<String> lines = new ArrayList<>();
                SQLException error = waits.error();
                if (error != null && run.dialect().isLockWaitTimeout(error)) {
                    lines.add(b.label() + " gave up after " + LabRun.seconds(waits.elapsed()) + ": " + run.dialect().describe(error) + ".");
                    lines.add(run.mysqlFamily()
                            ? "InnoDB rolled back only B's statement: its transaction stays open (unless innodb_rollback_on_timeout is ON)."
                            : "PostgreSQL aborted B's whole transaction.");
                } else {
                    lines.add(b.label() + "'s `" + waits.sql() + "` " + run.outcome(waits) + ", not the lock timeout the scenario expects.");
                }
                a.run("ROLLBACK");
                lines.add(a.label() + " rolled back.");
                return lines;
            });
        });
    }
}
