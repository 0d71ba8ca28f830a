package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

import java.util.List;

/** The forgotten COMMIT: A changed a row and went idle; B wants the same row. */
public final class RowLockWait implements Scenario {

    @Override
    public String name() {
        return "row-lock-wait";
    }

    @Override
    public String description() {
        return "A updates a row inside a transaction and goes idle without committing; B updates the same row and waits."
                + " dbrescue locks names A as the root blocker, idle in transaction, with 1 waiter.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String accounts = run.table("accounts");
            run.setup(run.dialect().createTable(accounts, "id INT NOT NULL PRIMARY KEY, balance INT NOT NULL"));
            run.setup("INSERT INTO " + accounts + " (id, balance) VALUES (1, 100), (2, 100)");
            LabSession a = run.session("A", "updated account 1 and sits idle in its open transaction");
            LabSession b = run.session("B", "updates account 1 too and waits for A's row lock");

            a.run("BEGIN");
            a.run("UPDATE " + accounts + " SET balance = balance - 10 WHERE id = 1");
            Pending waits = b.submit("UPDATE " + accounts + " SET balance = balance + 10 WHERE id = 1");
            run.awaitWaiting(b);

            run.expect(Expectation.blockedBy(a.id(), FindingKind.IDLE_IN_TRANSACTION, 1));
            run.onFinish(() -> {
                a.run("COMMIT");
                waits.await(LabSession.QUICK);
                return List.of(a.label() + " committed.",
                        b.label() + "'s `" + waits.sql() + "` " + run.outcome(waits) + ".");
            });
        });
    }
}
