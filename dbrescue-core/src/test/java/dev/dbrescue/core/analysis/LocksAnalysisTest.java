package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.dbrescue.core.analysis.Snapshots.innodbRecord;
import static dev.dbrescue.core.analysis.Snapshots.pgRelation;
import static org.assertj.core.api.Assertions.assertThat;

class LocksAnalysisTest {

    /** Seed 04: BEGIN; SELECT left idle, LOCK TABLE queued behind it, SELECTs queued behind the LOCK TABLE. */
    @Test
    void seed04IdleTransactionWithLockTableQueue() {
        var snapshot = Snapshots.of(Engine.POSTGRESQL)
                .idleInTransaction(100, 600, "SELECT * FROM user_setting WHERE xxx = 1")
                .busy(200, "LOCK TABLE user_setting")
                .busy(301, "SELECT * FROM user_setting")
                .busy(302, "SELECT * FROM user_setting")
                .waits(200, 100, WaitKind.HARD, pgRelation("AccessExclusiveLock", "user_setting"), pgRelation("AccessShareLock", "user_setting"))
                .waits(301, 200, WaitKind.QUEUED, pgRelation("AccessShareLock", "user_setting"), pgRelation("AccessExclusiveLock", "user_setting"))
                .waits(302, 200, WaitKind.QUEUED, pgRelation("AccessShareLock", "user_setting"), pgRelation("AccessExclusiveLock", "user_setting"))
                .build();

        LocksReport report = LocksAnalysis.analyze(snapshot, LocksOptions.defaults());

        assertThat(report.rootBlockers()).singleElement().satisfies(root -> {
            assertThat(root.sessionId()).isEqualTo(100);
            assertThat(root.waiters()).containsExactly(200L, 301L, 302L);
        });
        Finding queue = report.findings(FindingKind.LOCK_QUEUE).get(0);
        assertThat(queue.sessionIds()).startsWith(100L, 200L).contains(301L, 302L);
        assertThat(queue.summary()).contains("2 sessions queue", "public.user_setting", "session 200");
        assertThat(queue.explanation().get(0)).contains("queue order", "AccessExclusiveLock");
        assertThat(queue.action()).isEqualTo("SELECT pg_terminate_backend(100)   -- rolls back its open transaction");

        Finding idle = report.findings(FindingKind.IDLE_IN_TRANSACTION).get(0);
        assertThat(idle.sessionIds()).first().isEqualTo(100L);
        assertThat(idle.summary()).contains("idle in an open transaction", "blocks 3 sessions");
        assertThat(idle.explanation()).anyMatch(l -> l.contains("idle_in_transaction_session_timeout"));
        assertThat(report.findings(FindingKind.ROOT_BLOCKER)).singleElement()
                .satisfies(f -> assertThat(f.sessionIds()).first().isEqualTo(100L));
        assertThat(report.findings(FindingKind.LONG_TRANSACTION)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(report.blocked()).isTrue();
    }

    /** Seed 02: inserts piling up on the supremum pseudo-record behind one open transaction. */
    @Test
    void seed02ConvoyOnSupremum() {
        Snapshots s = Snapshots.of(Engine.MARIADB).idleInTransaction(7, 20, null);
        for (long waiter = 10; waiter < 16; waiter++) {
            s.busy(waiter, "INSERT INTO orders (code) VALUES ('x" + waiter + "')")
                    .waits(waiter, 7, WaitKind.HARD, innodbRecord("X,INSERT_INTENTION", "orders", "PRIMARY", "supremum pseudo-record"),
                            innodbRecord("X", "orders", "PRIMARY", "supremum pseudo-record"));
        }
        LocksReport report = LocksAnalysis.analyze(s.build(), LocksOptions.defaults());

        Finding convoy = report.findings(FindingKind.LOCK_CONVOY).get(0);
        assertThat(convoy.sessionIds()).hasSize(7).first().isEqualTo(7L);
        assertThat(convoy.summary()).startsWith("6 sessions wait for the same lock on shop.orders index PRIMARY (supremum pseudo-record)");
        assertThat(convoy.explanation().get(0)).contains("insert-intention", "supremum pseudo-record", "gap above the largest key");
        assertThat(convoy.action()).isEqualTo("KILL 7   -- rolls back its open transaction");
    }

    @Test
    void convoyNeedsTheThreshold() {
        Snapshots s = Snapshots.of(Engine.MARIADB).idleInTransaction(7, 20, null);
        for (long waiter = 10; waiter < 14; waiter++) {
            s.busy(waiter, "INSERT").waits(waiter, 7, WaitKind.HARD, innodbRecord("X", "orders", "PRIMARY", "5"), innodbRecord("X", "orders", "PRIMARY", "5"));
        }
        assertThat(LocksAnalysis.analyze(s.build(), LocksOptions.defaults()).findings(FindingKind.LOCK_CONVOY)).isEmpty();
        assertThat(LocksAnalysis.analyze(s.build(), LocksOptions.defaults().withConvoyWaiters(4)).findings(FindingKind.LOCK_CONVOY)).hasSize(1);
    }

    @Test
    void liveCycleIsADeadlockWithTheCheapestVictimFirst() {
        var snapshot = Snapshots.of(Engine.MARIADB)
                .session(new Session(1, "a", "h", "shop", null, "Query", true, true, "UPDATE t SET v=1 WHERE id=2", 30.0, 0.0, 1.0, "t1", 4L, 3L, 1L, false, false))
                .session(new Session(2, "b", "h", "shop", null, "Query", true, true, "UPDATE t SET v=1 WHERE id=1", 10.0, 0.0, 1.0, "t2", 2L, 1L, 1L, false, false))
                .waits(1, 2, WaitKind.HARD, innodbRecord("X", "t", "PRIMARY", "2"), innodbRecord("X", "t", "PRIMARY", "2"))
                .waits(2, 1, WaitKind.HARD, innodbRecord("X", "t", "PRIMARY", "1"), innodbRecord("X", "t", "PRIMARY", "1"))
                .build();
        LocksReport report = LocksAnalysis.analyze(snapshot, LocksOptions.defaults());

        assertThat(report.rootBlockers()).isEmpty();
        Finding cycle = report.findings(FindingKind.DEADLOCK_CYCLE).get(0);
        assertThat(cycle.sessionIds()).containsExactly(2L, 1L);
        assertThat(cycle.action()).startsWith("KILL 2");
        assertThat(cycle.explanation()).hasSize(3);
    }

    /** Seed 03: an UPDATE on a column without an index locks every row it scans. */
    @Test
    void unindexedScanNamesTheIndexToAdd() {
        var snapshot = Snapshots.of(Engine.MARIADB)
                .session(new Session(5, "app", "h", "shop", null, "Query", true, true, "UPDATE shop.items SET v = v + 1 WHERE category = 7",
                        2.0, 0.0, 2.0, "t5", 1001L, 1L, 1L, false, false))
                .busy(6, "UPDATE shop.items SET v = 0 WHERE id = 77")
                .waits(6, 5, WaitKind.HARD, innodbRecord("X", "items", "PRIMARY", "77"), innodbRecord("X", "items", "PRIMARY", "77"))
                .build();
        LocksReport report = LocksAnalysis.analyze(snapshot, LocksOptions.defaults());

        Finding scan = report.findings(FindingKind.UNINDEXED_LOCK_SCAN).get(0);
        assertThat(scan.sessionIds()).containsExactly(5L, 6L);
        assertThat(scan.summary()).contains("1001 row locks but changed 1 row", "shop.items");
        assertThat(scan.explanation()).contains("Add an index on the WHERE column: CREATE INDEX idx_category ON shop.items (category)");
        assertThat(scan.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void nothingBlockedGivesNoLockFindings() {
        var snapshot = Snapshots.of(Engine.POSTGRESQL).busy(1, "SELECT 1").build();
        LocksReport report = LocksAnalysis.analyze(snapshot, LocksOptions.defaults().withLongTransaction(Duration.ofSeconds(60)));
        assertThat(report.blocked()).isFalse();
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void limitationsBecomeBlindSpotFindings() {
        var snapshot = Snapshots.of(Engine.MYSQL)
                .limitation(new Limitation("other users' sessions", "no PROCESS privilege", "GRANT PROCESS ON *.* TO 'monitor'@'%'"))
                .build();
        LocksReport report = LocksAnalysis.analyze(snapshot, LocksOptions.defaults());
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind().jsonName()).isEqualTo("blind-spot");
            assertThat(f.summary()).isEqualTo("Cannot see other users' sessions: no PROCESS privilege");
            assertThat(f.action()).isEqualTo("GRANT PROCESS ON *.* TO 'monitor'@'%'");
        });
    }

    @Test
    void findingKindNamesAreTheJsonContract() {
        assertThat(java.util.Arrays.stream(FindingKind.values()).map(FindingKind::jsonName))
                .contains("root-blocker", "idle-in-transaction", "lock-queue", "long-transaction", "lock-convoy",
                        "deadlock-cycle", "unindexed-lock-scan");
    }
}
