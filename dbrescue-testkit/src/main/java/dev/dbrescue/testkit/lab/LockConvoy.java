package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 02's shape: one long transaction holds the lock that every new insert needs, and the inserts pile up behind it.
 * <p>
 * InnoDB: the seed's trigger is a unique-key collision on a secondary index: rolling back the inserted clustered
 * record hands its lock to the next record, the PRIMARY supremum pseudo-record, as a next-key lock, and every new
 * auto-increment insert then waits with an insert-intention lock on the supremum. That does not reproduce on MariaDB
 * 10.11 (observed: after the duplicate-key error the transaction holds only the shared lock on the duplicate
 * secondary record, and a concurrent insert goes through), so the lab takes the same lock the documented way: A's
 * {@code SELECT ... WHERE id > max FOR UPDATE} under REPEATABLE READ sets a next-key lock on the supremum
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-locking.html#innodb-next-key-locks), and the inserts wait exactly as
 * in the seed's INNODB STATUS: {@code lock_mode X insert intention waiting} on {@code supremum}.
 * <p>
 * PostgreSQL: A inserts a unique code and stays idle in its transaction; every other insert of that code must wait
 * for A's transaction to end to know whether it is a duplicate (a ShareLock on A's transaction id).
 */
public final class LockConvoy implements Scenario {

    public static final int DEFAULT_INSERTS = 6;

    private final int inserts;

    public LockConvoy() {
        this(DEFAULT_INSERTS);
    }

    public LockConvoy(int inserts) {
        if (inserts < 1 || inserts > 200) {
            throw new IllegalArgumentException("inserts must be 1-200, was " + inserts);
        }
        this.inserts = inserts;
    }

    @Override
    public String name() {
        return "lock-convoy";
    }

    @Override
    public String description() {
        return "A long transaction holds the lock every new insert needs (InnoDB: a next-key lock on the PRIMARY supremum"
                + " pseudo-record; PostgreSQL: an uncommitted insert of the same unique code) and " + inserts
                + " inserts queue behind it. dbrescue locks names A as the root of a lock-convoy of " + inserts + " waiters.";
    }

    @Override
    public Incident start(LabContext context) throws Exception {
        return LabRun.start(this, context, run -> {
            String posts = run.table("posts");
            run.setup(run.dialect().createTable(posts, run.dialect().autoIncrementId() + ", code VARCHAR(12) NOT NULL UNIQUE"));
            run.setup("INSERT INTO " + posts + " (code) VALUES ('000000000001'), ('000000000002'), ('123456789012')");
            LabSession a = run.session("A", run.mysqlFamily()
                    ? "holds a next-key lock on the supremum of posts' primary key in a long transaction"
                    : "inserted code 999999999999 and stays idle in its long transaction");
            List<LabSession> inserters = new ArrayList<>();
            for (int i = 1; i <= inserts; i++) {
                inserters.add(run.session(name(i), "inserts a post and waits behind A"));
            }

            a.run("BEGIN");
            if (run.mysqlFamily()) {
                long max = run.observer().queryLong("SELECT MAX(id) FROM " + posts);
                a.run("SELECT * FROM " + posts + " WHERE id > " + max + " FOR UPDATE");
            } else {
                a.run("INSERT INTO " + posts + " (code) VALUES ('999999999999')");
            }
            List<Pending> queued = new ArrayList<>();
            for (int i = 0; i < inserters.size(); i++) {
                // InnoDB: new auto-increment ids go after the last record, i.e. into the gap before the supremum.
                String code = run.mysqlFamily() ? String.format("%012d", 500_000_000_000L + i) : "999999999999";
                queued.add(inserters.get(i).submit("INSERT INTO " + posts + " (code) VALUES ('" + code + "')"));
            }
            run.awaitWaiting(inserters.toArray(LabSession[]::new));

            run.expect(Expectation.blockedBy(a.id(), FindingKind.LOCK_CONVOY, inserts));
            run.onFinish(() -> finish(run, a, queued));
        });
    }

    private static List<String> finish(LabRun run, LabSession a, List<Pending> queued) throws SQLException, InterruptedException {
        List<String> lines = new ArrayList<>();
        a.run("ROLLBACK");
        lines.add(a.label() + " rolled back, releasing the lock.");
        int through = 0;
        List<String> failures = new ArrayList<>();
        for (Pending p : queued) {
            p.await(LabSession.QUICK);
            if (p.done() && p.error() == null) {
                through++;
            } else {
                failures.add(p.session().label() + " " + run.outcome(p));
            }
        }
        lines.add(through + " of " + queued.size() + " queued inserts then went through.");
        if (!failures.isEmpty()) {
            // PostgreSQL: the first waiter inserts the code; the others wait for it in turn and find a duplicate.
            lines.add("The others lost the race for the same unique code: " + String.join("; ", failures) + ".");
        }
        return lines;
    }

    /** B, C, D, ... for the inserters. */
    private static String name(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : "W" + i;
    }
}
