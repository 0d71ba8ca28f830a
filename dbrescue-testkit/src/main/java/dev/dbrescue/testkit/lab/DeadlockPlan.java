package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.FindingKind;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the four deadlock scenarios hold their incident, which depends on whether the server lets a cycle stand.
 * <ul>
 * <li>The cycle can stand: PostgreSQL when the lab may {@code SET deadlock_timeout} (superuser: the lab sets it to
 * hold + 30 s, and the detector only runs when a waiter's deadlock_timeout expires,
 * https://www.postgresql.org/docs/current/runtime-config-locks.html), or InnoDB with
 * {@code innodb_deadlock_detect=OFF} (then only innodb_lock_wait_timeout ends it,
 * https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlock-detection.html). Both sessions wait, each for the other:
 * {@code dbrescue locks} must report a deadlock-cycle of the two.</li>
 * <li>The server breaks any cycle at once (InnoDB's default) or within a second (PostgreSQL's default
 * deadlock_timeout, which only a superuser may change): the lab holds the state one step before the cycle, A
 * waiting for B, and {@link Incident#finish()} lets B close the cycle so that the server detects a real deadlock
 * (which later shows in SHOW ENGINE INNODB STATUS / the server log).</li>
 * </ul>
 */
final class DeadlockPlan {

    private static final String SAVEPOINT = "dbrescue_lab_before_cycle";

    private final LabRun run;
    private final LabSession a;
    private final LabSession b;
    private final boolean cycleStands;

    private DeadlockPlan(LabRun run, LabSession a, LabSession b, boolean cycleStands) {
        this.run = run;
        this.a = a;
        this.b = b;
        this.cycleStands = cycleStands;
    }

    /** Call right after opening the two sessions, before their transactions begin. */
    static DeadlockPlan prepare(LabRun run, LabSession a, LabSession b) throws SQLException, InterruptedException {
        if (run.mysqlFamily()) {
            boolean detect = true;
            try {
                String value = run.observer().queryString("SELECT @@GLOBAL.innodb_deadlock_detect");
                detect = !("0".equals(value) || "OFF".equalsIgnoreCase(value));
            } catch (SQLException unknownVariable) {
                // servers before the variable existed always detect
            }
            run.log("innodb_deadlock_detect is " + (detect ? "ON: the lab holds the step before the cycle; finish() closes it"
                    : "OFF: the cycle will stand until innodb_lock_wait_timeout"));
            return new DeadlockPlan(run, a, b, !detect);
        }
        String setTimeout = "SET deadlock_timeout = " + PostgresDialect.millis(run.lockWait());
        try {
            a.run(setTimeout);
            b.run(setTimeout);
            run.log("deadlock_timeout raised to " + run.lockWait().toSeconds() + " s in the lab's sessions: the cycle will stand");
            return new DeadlockPlan(run, a, b, true);
        } catch (SQLException notSuperuser) {
            run.log("cannot SET deadlock_timeout (" + run.dialect().describe(notSuperuser)
                    + "): the lab holds the step before the cycle; finish() closes it");
            return new DeadlockPlan(run, a, b, false);
        }
    }

    /**
     * A asks for what B holds ({@code aSql}); B will ask for what A holds ({@code bSql}). Holds the cycle, or the step
     * before it, and sets the run's expectation and ending.
     */
    void hold(String aSql, String bSql) throws SQLException, InterruptedException {
        Pending aWaits = a.submit(aSql);
        run.awaitWaiting(a);
        if (!cycleStands) {
            run.expect(Expectation.blockedBy(b.id(), FindingKind.ROOT_BLOCKER, 1));
            run.onFinish(() -> closeCycle(aWaits, bSql));
            return;
        }
        if (!run.mysqlFamily()) {
            b.run("SAVEPOINT " + SAVEPOINT); // so that finish() can re-run B's request with a short deadlock_timeout
        }
        Pending bWaits = b.submit(bSql);
        run.awaitWaiting(a, b);
        run.expect(Expectation.cycle(2));
        run.onFinish(() -> run.mysqlFamily() ? breakStandingCycle(aWaits, bWaits) : detectStandingCycle(aWaits, bWaits, bSql));
    }

    /** The server detects the deadlock as soon as B closes the cycle. */
    private List<String> closeCycle(Pending aWaits, String bSql) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        lines.add(b.label() + " ran `" + bSql + "`, closing the cycle: " + a.name() + " waits for " + b.name() + ", "
                + b.name() + " for " + a.name() + ".");
        lines.addAll(victim(aWaits, b.submit(bSql)));
        return lines;
    }

    /**
     * PostgreSQL with the cycle standing: B's request is cancelled and sent again with a short deadlock_timeout, so
     * that B's backend runs the deadlock check now and reports a real 40P01.
     */
    private List<String> detectStandingCycle(Pending aWaits, Pending bWaits, String bSql) throws SQLException, InterruptedException {
        List<String> lines = new ArrayList<>();
        run.observer().cancel(b.id());
        bWaits.await(LabSession.QUICK);
        b.run("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
        // Out of the savepoint again: the deadlock error must abort B's whole transaction (releasing its locks, as for
        // an application), not only a subtransaction.
        b.run("RELEASE SAVEPOINT " + SAVEPOINT);
        b.run("SET deadlock_timeout = 100");
        lines.add("The cycle stood for " + LabRun.seconds(aWaits.elapsed()) + " because deadlock_timeout was " + run.lockWait().toSeconds()
                + " s; the lab cancelled " + b.label() + "'s request and sent it again with deadlock_timeout = 100 ms.");
        lines.addAll(victim(aWaits, b.submit(bSql)));
        return lines;
    }

    /** InnoDB with innodb_deadlock_detect=OFF: nothing would end the cycle but the lock wait timeout. */
    private List<String> breakStandingCycle(Pending aWaits, Pending bWaits) throws SQLException, InterruptedException {
        List<String> lines = new ArrayList<>();
        lines.add("innodb_deadlock_detect is OFF, so InnoDB never looks for the cycle: both would have waited innodb_lock_wait_timeout ("
                + run.lockWait().toSeconds() + " s).");
        run.observer().cancel(b.id());
        bWaits.await(LabSession.QUICK);
        lines.add(b.label() + "'s `" + bWaits.sql() + "` " + run.outcome(bWaits) + " (the lab ran KILL QUERY " + b.id()
                + ") and the lab rolled back its transaction.");
        b.run("ROLLBACK");
        aWaits.await(LabSession.QUICK);
        lines.add(a.label() + "'s `" + aWaits.sql() + "` " + run.outcome(aWaits) + ".");
        return lines;
    }

    /** Waits for the server to pick a victim and reports it. */
    private List<String> victim(Pending aWaits, Pending bWaits) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        Pending victim = null;
        while (victim == null && Instant.now().isBefore(deadline)) {
            for (Pending p : List.of(aWaits, bWaits)) {
                SQLException error = p.error();
                if (error != null && run.dialect().isDeadlock(error)) {
                    victim = p;
                }
            }
            if (victim == null && aWaits.done() && bWaits.done()) {
                break;
            }
            Thread.sleep(20);
        }
        if (victim == null) {
            return List.of("No session got a deadlock error: " + a.label() + "'s `" + aWaits.sql() + "` " + run.outcome(aWaits)
                    + "; " + b.label() + "'s `" + bWaits.sql() + "` " + run.outcome(bWaits) + ".");
        }
        Pending survivor = victim == aWaits ? bWaits : aWaits;
        survivor.await(LabSession.QUICK);
        return List.of(
                victim.session().label() + " got " + run.dialect().describe(victim.error())
                        + ": the server chose it as the deadlock victim and rolled back its transaction.",
                survivor.session().label() + "'s `" + survivor.sql() + "` " + run.outcome(survivor)
                        + ", once the victim's locks were released.");
    }
}
