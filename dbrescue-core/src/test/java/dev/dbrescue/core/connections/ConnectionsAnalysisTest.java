package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsAnalysisTest {

    /**
     * Seed 01, part 2: max_connections 151, 150 Sleep sessions averaging 300 s from the application servers, a few busy.
     * Here 120 Sleep from 10.0.0.5 (idle 240 to 360 s), 20 busy from 10.0.0.6, 7 Sleep from a console.
     */
    private static Sample seed01() {
        return Sample.mysql()
                .idle(120, "app", "10.0.0.5", "orders-api", 240, 360)
                .busy(20, "app", "10.0.0.6")
                .idle(7, "alice", "10.0.0.9", "mysql", 10, 70);
    }

    @Test
    void headlineSaysUsedOfAllowedAndTheLargestPileFirst() {
        ConnectionsReport report = seed01().analyze();
        assertThat(report.limits().used()).isEqualTo(148);
        assertThat(report.headline()).isEqualTo("148 of 151 connections used (98%), 3 left; 120 Sleep from 10.0.0.5");
        assertThat(report.alarming()).isTrue();
    }

    @Test
    void groupsCountAndSpreadIdleTimePerDimension() {
        ConnectionsReport report = seed01().analyze();
        SessionGroup host = report.groups(Dimension.HOST).get(0);
        assertThat(host.name()).isEqualTo("10.0.0.5");
        assertThat(host.count()).isEqualTo(120);
        assertThat(host.idle()).isEqualTo(120);
        assertThat(host.busy()).isZero();
        assertThat(host.idleSeconds().min()).isEqualTo(240.0);
        assertThat(host.idleSeconds().max()).isEqualTo(360.0);
        assertThat(host.idleSeconds().median()).isBetween(299.0, 300.0);
        assertThat(host.transactionSeconds()).isNull();
        assertThat(report.groups(Dimension.USER)).extracting(SessionGroup::name, SessionGroup::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app", 140), org.assertj.core.groups.Tuple.tuple("alice", 7));
        assertThat(report.groups(Dimension.STATE)).extracting(SessionGroup::name).containsExactly("Sleep", "Query");
        assertThat(report.groups(Dimension.APPLICATION)).extracting(SessionGroup::name).containsExactly("orders-api", null, "mysql");
        assertThat(report.groups(Dimension.DATABASE).get(0).count()).isEqualTo(147);
    }

    @Test
    void nearTheLimitIsCriticalFrom95PercentAndEndsTheLargestIdlePile() {
        Finding limit = only(seed01().analyze(), FindingKind.CONNECTION_LIMIT);
        assertThat(limit.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(limit.summary()).isEqualTo("148 of 151 connections used (98%), 3 left for ordinary accounts.");
        // At least half of the pile: those idle at least its median (300 s), the longest idle first.
        assertThat(limit.sessionIds()).hasSizeBetween(60, 61).first().isEqualTo(120L);
        assertThat(limit.action()).startsWith("SELECT CONCAT('KILL ', p.ID, ';') FROM information_schema.PROCESSLIST p")
                .contains("p.COMMAND = 'Sleep'", "p.TIME >= 299", "t.trx_id IS NULL", "p.USER = 'app'",
                        "(p.HOST = '10.0.0.5' OR p.HOST LIKE '10.0.0.5:%')");
        assertThat(limit.explanation()).anyMatch(l -> l.contains("SET PERSIST max_connections = 227"));
    }

    @Test
    void eightyPercentIsAWarningAndLessIsNothing() {
        Sample warm = Sample.mysql().idle(100, "app", "10.0.0.5", null, 5, 10).busy(22, "app", "10.0.0.6");
        assertThat(only(warm.analyze(), FindingKind.CONNECTION_LIMIT).severity()).isEqualTo(Severity.WARNING);
        ConnectionsReport quiet = Sample.mysql().idle(10, "app", "10.0.0.5", null, 5, 10).analyze();
        assertThat(quiet.findings(FindingKind.CONNECTION_LIMIT)).isEmpty();
        assertThat(quiet.headline()).isEqualTo("11 of 151 connections used (7%), 140 left; 10 Sleep from 10.0.0.5");
        // Only advice (wait_timeout at its 8 h default): nothing to alarm anyone.
        assertThat(quiet.findings()).extracting(Finding::severity).containsOnly(Severity.INFO);
        assertThat(quiet.alarming()).isFalse();
    }

    @Test
    void fullWithTheAdministratorsSlotTakenSaysNoneLeft() {
        ConnectionsReport report = Sample.mysql().idle(151, "root", "127.0.0.1", null, 3, 5).used(152).analyze();
        assertThat(report.headline()).isEqualTo("152 of 151 connections used (101%), none left for ordinary accounts,"
                + " 1 of 1 reserved slot in use; 151 Sleep from 127.0.0.1");
        Finding limit = only(report, FindingKind.CONNECTION_LIMIT);
        assertThat(limit.summary()).contains("none left: ordinary accounts get ERROR 1040 (HY000): Too many connections.");
        assertThat(limit.explanation()).anyMatch(l -> l.startsWith("1 more slot beyond that is kept for SUPER or CONNECTION_ADMIN; 1 in use."));
        assertThat(report.limits().left()).isZero();
        assertThat(report.limits().reservedInUse()).isEqualTo(1);
    }

    @Test
    void allBusyNearTheLimitOffersToRaiseTheLimit() {
        Finding limit = only(Sample.postgres().busy(97, "app", "10.0.0.6").analyze(), FindingKind.CONNECTION_LIMIT);
        assertThat(limit.action()).startsWith("ALTER SYSTEM SET max_connections = 146").contains("restarts");
        assertThat(limit.sessionIds()).isEmpty();
    }

    @Test
    void seedOneIsALeakSuspectAndTheDefaultWaitTimeoutAWarning() {
        ConnectionsReport report = seed01().analyze();
        Finding leak = only(report, FindingKind.CONNECTION_LEAK);
        assertThat(leak.severity()).isEqualTo(Severity.WARNING);
        assertThat(leak.summary()).isEqualTo("Client host 10.0.0.5 holds 60 connections idle for 5 min 0 s or more (of its 120):"
                + " a connection leak or an oversized pool.");
        assertThat(leak.action()).contains("p.TIME >= 300", "p.USER = 'app'", "p.HOST LIKE '10.0.0.5:%'");
        Finding timeout = report.findings(FindingKind.MISSING_TIMEOUT).stream()
                .filter(f -> f.summary().startsWith("wait_timeout")).findFirst().orElseThrow();
        assertThat(timeout.severity()).isEqualTo(Severity.WARNING);
        assertThat(timeout.summary()).isEqualTo("wait_timeout is 28800 s (8 h 0 min, the default): idle connections stay that long.");
        assertThat(timeout.action()).isEqualTo("SET PERSIST wait_timeout = 600; SET PERSIST interactive_timeout = 600");
    }

    @Test
    void fewLongIdleSessionsAreNoLeak() {
        ConnectionsReport report = Sample.mysql().idle(9, "app", "10.0.0.5", null, 400, 900).analyze();
        assertThat(report.findings(FindingKind.CONNECTION_LEAK)).isEmpty();
        ConnectionsReport options = ConnectionsAnalysis.analyze(Sample.mysql().idle(9, "app", "10.0.0.5", null, 400, 900).build(),
                ConnectionsOptions.defaults().withLeakSessions(5).withLongIdle(Duration.ofMinutes(10)));
        assertThat(only(options, FindingKind.CONNECTION_LEAK).sessionIds()).hasSize(5);
    }

    @Test
    void anApplicationSpreadOverManyHostsIsALeakSuspectOnce() {
        Sample sample = Sample.postgres();
        for (int i = 1; i <= 12; i++) {
            sample.idle(1, "app", "10.0.1." + i, "orders-api", 900, 900);
        }
        Finding leak = only(sample.analyze(), FindingKind.CONNECTION_LEAK);
        assertThat(leak.summary()).startsWith("Application 'orders-api' holds 12 connections idle");
        assertThat(leak.action()).isEqualTo("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle'"
                + " AND state_change < now() - interval '300 seconds' AND usename = 'app' AND application_name = 'orders-api'");
        // PostgreSQL 14+: the leaking role gets idle_session_timeout, never the whole server (PgBouncer's connections).
        assertThat(sample.analyze().findings(FindingKind.MISSING_TIMEOUT)).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.action()).isEqualTo("ALTER ROLE \"app\" SET idle_session_timeout = '30min'");
        });
    }

    /** Seed 04: a forgotten BEGIN; SELECT, a LOCK TABLE behind it, SELECTs behind that: a pool drained by waiters. */
    @Test
    void anIdleTransactionThatBlocksIsCriticalWhateverItsAge() {
        Sample sample = Sample.postgres().idleInTransaction("alice", "10.0.0.9", 2, 3);
        long root = sample.lastId();
        sample.waitingFor(root);
        long lockTable = sample.lastId();
        sample.waitingFor(lockTable).waitingFor(lockTable).waitingFor(lockTable);
        ConnectionsReport report = sample.analyze();
        assertThat(report.headline()).endsWith("; 4 waiting for locks behind session " + root);
        Finding idle = only(report, FindingKind.IDLE_IN_TRANSACTION);
        assertThat(idle.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(idle.sessionIds()).hasSize(5).first().isEqualTo(root);
        assertThat(idle.summary()).isEqualTo("Session " + root + " (alice@10.0.0.9, db shop) is idle in an open transaction for 2 s"
                + " and blocks 4 sessions.");
        assertThat(idle.action()).startsWith("SELECT pg_terminate_backend(" + root + ")");
        // Not reported twice as a root blocker; the timeout that would have ended it is a warning.
        assertThat(report.findings(FindingKind.ROOT_BLOCKER)).isEmpty();
        Finding timeout = report.findings(FindingKind.MISSING_TIMEOUT).get(0);
        assertThat(timeout.severity()).isEqualTo(Severity.WARNING);
        assertThat(timeout.action()).isEqualTo("ALTER SYSTEM SET idle_in_transaction_session_timeout = '5min'; SELECT pg_reload_conf()");
        assertThat(report.groups(Dimension.STATE)).extracting(SessionGroup::name, SessionGroup::count, SessionGroup::waiting)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("active", 4, 4),
                        org.assertj.core.groups.Tuple.tuple("idle in transaction", 1, 0));
    }

    @Test
    void idleTransactionsThatBlockNobodyCountPastTheThresholdAsOneWarning() {
        ConnectionsReport report = Sample.postgres()
                .idleInTransaction("app", "10.0.0.5", 30, 31)
                .idleInTransaction("app", "10.0.0.5", 90, 95)
                .idleInTransaction("app", "10.0.0.6", 600, 700)
                .analyze();
        Finding idle = only(report, FindingKind.IDLE_IN_TRANSACTION);
        assertThat(idle.severity()).isEqualTo(Severity.WARNING);
        assertThat(idle.sessionIds()).containsExactly(3L, 2L);
        assertThat(idle.summary()).isEqualTo("2 sessions are idle in an open transaction for 60 s or more (up to 10 min 0 s).");
        assertThat(idle.action()).contains("state IN ('idle in transaction', 'idle in transaction (aborted)')", "interval '60 seconds'");
        SessionGroup host = report.groups(Dimension.HOST).get(0);
        assertThat(host.idleInTransaction()).isEqualTo(2);
        assertThat(host.transactionSeconds()).isEqualTo(new Spread(31, 31, 95));
    }

    @Test
    void aBusyRootBlockerHoldsTheConnectionsOfItsWaiters() {
        Sample sample = Sample.mysql().busy(1, "batch", "10.0.0.8");
        long root = sample.lastId();
        sample.waitingFor(root).waitingFor(root);
        Finding blocker = only(sample.analyze(), FindingKind.ROOT_BLOCKER);
        assertThat(blocker.sessionIds()).hasSize(3).first().isEqualTo(root);
        assertThat(blocker.summary()).contains("blocks 2 sessions, each holding a connection while it waits", "running a statement");
        assertThat(blocker.action()).startsWith("KILL " + root);
    }

    @Test
    void refusalsAreHistoryUnlessNearTheLimitOrGrowingDuringAWatch() {
        ConnectionsReport quiet = Sample.mysql().idle(10, "app", "10.0.0.5", null, 5, 10).counters(152L, 40L).analyze();
        Finding refused = only(quiet, FindingKind.REFUSED_CONNECTIONS);
        assertThat(refused.severity()).isEqualTo(Severity.INFO);
        assertThat(refused.summary()).isEqualTo("The server has refused 40 connections for being full since it started 24 h 0 min ago"
                + " (Connection_errors_max_connections).");
        assertThat(refused.explanation()).contains("At most 152 were connected at once (Max_used_connections); the server is full at 152.");
        assertThat(only(seed01().counters(152L, 40L).analyze(), FindingKind.REFUSED_CONNECTIONS).severity()).isEqualTo(Severity.WARNING);

        ConnectionsSnapshot before = seed01().counters(152L, 40L).build();
        ConnectionsSnapshot now = seed01().counters(152L, 43L).build();
        Finding growing = only(ConnectionsAnalysis.analyze(now, ConnectionsOptions.defaults(), before.limits()),
                FindingKind.REFUSED_CONNECTIONS);
        assertThat(growing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(growing.summary()).startsWith("The server refused 3 connections since the previous sample");
        assertThat(Sample.postgres().busy(3, "app", "h").analyze().findings(FindingKind.REFUSED_CONNECTIONS)).isEmpty();
    }

    /** MariaDB 10.11 counted the refusal the lab provokes in Aborted_connects only; a peak at every slot still tells. */
    @Test
    void aServerThatWasFullRefusedConnectionsWhateverItsCounterSays() {
        Finding full = only(Sample.mysql().idle(10, "app", "10.0.0.5", null, 5, 10).counters(152L, 0L).analyze(),
                FindingKind.REFUSED_CONNECTIONS);
        assertThat(full.severity()).isEqualTo(Severity.INFO);
        assertThat(full.summary()).isEqualTo("The server has been full since it started 24 h 0 min ago (Max_used_connections 152,"
                + " every slot): whoever connected then got ERROR 1040 (HY000): Too many connections.");
        assertThat(full.explanation()).anyMatch(l -> l.contains("Aborted_connects only"));
        assertThat(Sample.mysql().idle(10, "app", "10.0.0.5", null, 5, 10).counters(151L, 0L).analyze()
                .findings(FindingKind.REFUSED_CONNECTIONS)).isEmpty();
    }

    @Test
    void sessionsIdleLongerThanWaitTimeoutHaveTheirOwn() {
        ConnectionsReport report = Sample.mysql()
                .timeout("wait_timeout", IdleTimeout.Applies.IDLE, 600)
                .idle(3, "app", "10.0.0.5", null, 100, 500)
                .idle(2, "alice", "10.0.0.9", "mysql", 3000, 4000)
                .analyze();
        Finding overdue = only(report, FindingKind.IDLE_PAST_TIMEOUT);
        assertThat(overdue.sessionIds()).containsExactly(4L, 5L);
        assertThat(overdue.summary()).isEqualTo("2 sessions are idle longer than wait_timeout (10 min 0 s), which should have ended them.");
        assertThat(overdue.explanation().get(0)).contains("interactive_timeout (8 h 0 min)");
        assertThat(overdue.action()).contains("p.TIME >= 600").doesNotContain("p.USER");
        // wait_timeout is no longer the 8 h default: no advice about it; interactive_timeout alone is not reported.
        assertThat(report.findings(FindingKind.MISSING_TIMEOUT)).isEmpty();
    }

    @Test
    void mostlyIdleNearTheLimitSuggestsPoolSizesAndAPooler() {
        Sample sample = Sample.postgres();
        for (int i = 1; i <= 4; i++) {
            sample.idle(20, "app", "10.0.0." + i, "orders-api", 5, 30);
        }
        sample.busy(6, "app", "10.0.0.1");
        Finding pools = only(sample.analyze(), FindingKind.POOL_SIZING);
        assertThat(pools.severity()).isEqualTo(Severity.INFO);
        assertThat(pools.summary()).startsWith("Only 6 of 86 connections run a statement; 80 sit idle");
        assertThat(pools.explanation().get(0)).endsWith("the pools of the 4 client hosts may add up to 87: about 21 per host.");
        assertThat(pools.explanation().get(1)).contains("PgBouncer", "pool_mode = transaction");
        assertThat(pools.action()).contains("PgBouncer");
    }

    @Test
    void whatCouldNotBeSeenIsABlindSpot() {
        ConnectionsReport report = Sample.mysql().idle(2, "app", "h", null, 1, 2)
                .limitation(new Limitation("application names", "performance_schema is OFF", "performance_schema = ON in my.cnf"))
                .analyze();
        Finding blind = only(report, FindingKind.BLIND_SPOT);
        assertThat(blind.summary()).isEqualTo("Cannot see application names: performance_schema is OFF");
        assertThat(blind.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void hostileNamesStayInsideTheirLiterals() {
        ConnectionsReport report = Sample.mysql().idle(150, "o'brien\\", "my_host", null, 400, 500).analyze();
        assertThat(only(report, FindingKind.CONNECTION_LIMIT).action())
                .contains("p.USER = 'o''brien\\\\'", "p.HOST = 'my_host'", "p.HOST LIKE 'my\\_host:%'");
        Sample pg = Sample.postgres();
        pg.idle(12, "x\"y'z", "10.0.0.5", null, 900, 900);
        assertThat(pg.analyze().findings(FindingKind.MISSING_TIMEOUT)).anySatisfy(f ->
                assertThat(f.action()).isEqualTo("ALTER ROLE \"x\"\"y'z\" SET idle_session_timeout = '30min'"));
        assertThat(only(pg.analyze(), FindingKind.CONNECTION_LEAK).action()).contains("usename = 'x\"y''z'");
    }

    @Test
    void spreadTakesTheLowerMiddleForAnEvenCount() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Spread(1, 2, 4));
        assertThat(Spread.of(java.util.Arrays.asList(null, 5.0))).isEqualTo(new Spread(5, 5, 5));
        assertThat(Spread.of(List.of())).isNull();
    }

    @Test
    void percentNeverRoundsToFullWhileASlotIsLeft() {
        ConnectionLimits almost = new ConnectionLimits(999, 1000, 0, null, 1000, null, null, null, null, List.of());
        assertThat(almost.usedPercent()).isEqualTo("99%");
        assertThat(almost.left()).isEqualTo(1);
        ConnectionLimits over = new ConnectionLimits(100, 97, 3, null, 100, null, null, null, null, List.of());
        assertThat(over.usedPercent()).isEqualTo("103%");
        assertThat(over.reservedInUse()).isEqualTo(3);
    }

    private static Finding only(ConnectionsReport report, FindingKind kind) {
        List<Finding> found = report.findings(kind);
        assertThat(found).as(kind.jsonName() + " findings in " + report.findings()).hasSize(1);
        return found.get(0);
    }
}
