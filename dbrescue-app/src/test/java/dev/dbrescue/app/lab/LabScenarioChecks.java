package dev.dbrescue.app.lab;

import dev.dbrescue.core.analysis.LocksAnalysis;
import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.LocksReport;
import dev.dbrescue.core.analysis.RootBlocker;
import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.lab.ConnectionExhaustion;
import dev.dbrescue.testkit.lab.Expectation;
import dev.dbrescue.testkit.lab.Incident;
import dev.dbrescue.testkit.lab.Lab;
import dev.dbrescue.testkit.lab.LabContext;
import dev.dbrescue.testkit.lab.LockConvoy;
import dev.dbrescue.testkit.lab.Role;
import dev.dbrescue.testkit.lab.Scenario;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every lab IT checks, on whichever server: the incident forms on the server (its own views), dbrescue's
 * diagnosis names it, the ending happens as the scenario says, and nothing is left behind.
 */
final class LabScenarioChecks {

    /** Long enough for a diagnosis before lock-wait-timeout's waiter gives up; short enough to keep the suite quick. */
    static final Duration HOLD = Duration.ofSeconds(5);

    private final Target target;
    private final Connector connector = new Connector(ClientEnvironment.current());

    LabScenarioChecks(String uri) {
        this.target = Target.parse(uri);
    }

    static Stream<String> scenarioNames() {
        return Lab.scenarios().stream().map(Scenario::name);
    }

    Incident start(String scenario) throws Exception {
        return Lab.scenario(scenario).start(new LabContext(target, connector, HOLD, new PrintWriter(System.out, true)));
    }

    /** One snapshot and its analysis, exactly as {@code dbrescue locks} takes them. */
    LocksReport diagnose() throws SQLException {
        try (ServerConnection c = connector.open(target)) {
            Snapshot s = c.family().lockSnapshotReader(c.server()).read(c.connection());
            return LocksAnalysis.analyze(s, LocksOptions.defaults());
        }
    }

    // ---- the server's own view, independent of dbrescue's readers ----

    /** The incident as the server's own views show it, in the expectation's terms. */
    void assertNativeState(Incident incident) throws SQLException {
        Expectation expected = incident.expected();
        List<Long> lab = incident.sessionIds();
        try (ServerConnection c = connector.openUnguarded(target)) {
            boolean mysql = c.server().engine().family() == Engine.Family.MYSQL;
            Set<Long> waiting = ids(c, mysql
                    ? "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
                    + " UNION SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%lock'"
                    : "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'", lab);
            WaitForGraph graph = new WaitForGraph(edges(c, mysql, lab));
            if (expected.rootBlocker() != null) {
                assertThat(waiting).as("lab sessions waiting for a lock").hasSize(expected.waiters())
                        .doesNotContain(expected.rootBlocker());
                if (!graph.waitsFor(expected.rootBlocker()).isEmpty() || !mysql) {
                    // Where the server names blockers, they lead to the root. It may name none: metadata-lock waits have
                    // no blocker view on MariaDB, and MariaDB 10.11.5 (the embedded server) leaves INNODB_LOCK_WAITS empty
                    // when the blocker holds a shared or gap lock (10.11.19 lists those waits).
                    assertThat(graph.allWaitersBehind(expected.rootBlocker())).as("sessions behind the root, per the server")
                            .containsExactlyInAnyOrderElementsOf(waiting);
                    assertThat(graph.isWaiting(expected.rootBlocker())).as("the root waits for nothing").isFalse();
                }
            } else if (expected.kind() == FindingKind.DEADLOCK_CYCLE) {
                List<Long> pair = cyclePair(incident);
                assertThat(waiting).containsExactlyInAnyOrderElementsOf(pair);
                assertThat(graph.cycles()).as("cycles in the server's wait graph").contains(pair.stream().sorted().toList());
            } else {
                assertThat(waiting).as("lab sessions waiting for a lock").isEmpty();
            }
        }
    }

    private static List<LockWait> edges(ServerConnection c, boolean mysql, List<Long> lab) throws SQLException {
        String sql = mysql
                ? "SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w"
                + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
                : "SELECT pid, unnest(pg_blocking_pids(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock'";
        List<LockWait> edges = new ArrayList<>();
        try (Statement s = c.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (lab.contains(rs.getLong(1))) {
                    edges.add(new LockWait(rs.getLong(1), rs.getLong(2), WaitKind.HARD, null, null, null));
                }
            }
        }
        return edges;
    }

    // ---- dbrescue's diagnosis ----

    void assertDiagnosis(Incident incident, LocksReport report) {
        Expectation expected = incident.expected();
        List<Long> lab = incident.sessionIds();
        if (expected.rootBlocker() != null) {
            long root = expected.rootBlocker();
            assertThat(report.rootBlockers()).as("root blockers").extracting(RootBlocker::sessionId).contains(root);
            RootBlocker blocker = report.rootBlockers().stream().filter(b -> b.sessionId() == root).findFirst().orElseThrow();
            assertThat(blocker.waiters()).as("sessions waiting behind root " + root).hasSize(expected.waiters());
            assertThat(lab).as("the waiters are the lab's sessions").containsAll(blocker.waiters());
            assertThat(report.findings(expected.kind())).as(expected.kind().jsonName() + " findings, in " + report.findings())
                    .anySatisfy(f -> assertThat(f.sessionIds()).first().isEqualTo(root));
        } else if (expected.kind() == FindingKind.DEADLOCK_CYCLE) {
            List<Long> pair = cyclePair(incident);
            assertThat(report.findings(FindingKind.DEADLOCK_CYCLE)).as("deadlock-cycle findings, in " + report.findings())
                    .anySatisfy(f -> assertThat(f.sessionIds()).containsExactlyInAnyOrderElementsOf(pair));
        } else {
            assertThat(report.rootBlockers()).as("root blockers").noneMatch(b -> lab.contains(b.sessionId()));
            assertThat(report.snapshot().waits()).as("waits")
                    .noneMatch(w -> lab.contains(w.waiterId()) || lab.contains(w.blockerId()));
            assertThat(report.findings()).as("findings").noneMatch(f -> f.kind() != FindingKind.BLIND_SPOT
                    && f.sessionIds().stream().anyMatch(lab::contains));
        }
    }

    /** A and B: the two sessions of a deadlock scenario. */
    private static List<Long> cyclePair(Incident incident) {
        return incident.roles().stream().filter(r -> r.name().equals("A") || r.name().equals("B")).map(Role::sessionId).toList();
    }

    // ---- the ending ----

    void assertOutcome(String scenario, Incident incident, List<String> outcome, boolean mysql) {
        assertThat(outcome).as("outcome of " + scenario).isNotEmpty();
        String deadlockError = mysql ? "ERROR 1213 (40001)" : "ERROR 40P01";
        switch (scenario) {
            case "row-lock-wait" -> assertThat(outcome).anyMatch(l -> l.startsWith(role(incident, "B")) && l.contains("went through"));
            case "lock-order-deadlock", "shared-to-exclusive-deadlock", "foreign-key-deadlock", "gap-insert-deadlock" -> {
                if (mysql && incident.expected().kind() == FindingKind.DEADLOCK_CYCLE) {
                    // innodb_deadlock_detect=OFF: nothing reports a deadlock; the lab breaks the cycle
                    assertThat(outcome).anyMatch(l -> l.contains("innodb_deadlock_detect is OFF"));
                } else {
                    assertThat(outcome.stream().filter(l -> l.contains(deadlockError))).as("lines with " + deadlockError).hasSize(1);
                    assertThat(outcome).anyMatch(l -> l.contains("went through"));
                }
            }
            case "idle-transaction-lock-queue" -> assertThat(outcome.stream().filter(l -> l.contains("went through"))).hasSize(4);
            case "lock-convoy" -> assertThat(outcome).contains((mysql ? LockConvoy.DEFAULT_INSERTS : 1) + " of "
                    + LockConvoy.DEFAULT_INSERTS + " queued inserts then went through.");
            case "unindexed-update" -> assertThat(outcome).anyMatch(mysql
                    ? l -> l.matches(".* held \\d{4,} row locks for 1 row\\(s\\) changed.*")
                    : l -> l.contains("went through at once"));
            case "lock-wait-timeout" -> assertThat(outcome).anyMatch(l -> l.contains(mysql ? "ERROR 1205 (HY000)" : "ERROR 55P03"));
            case "connection-exhaustion" -> {
                ConnectionExhaustion.Exhausted exhausted = (ConnectionExhaustion.Exhausted) incident;
                assertThat(exhausted.refusal()).as("the server's refusal").contains(mysql ? "ERROR 1040" : "ERROR 53300");
                assertThat(exhausted.opened()).isGreaterThan(1);
                assertThat(exhausted.held()).isEqualTo(exhausted.opened() - 1);
            }
            default -> throw new AssertionError("no outcome check for scenario " + scenario);
        }
    }

    private static String role(Incident incident, String name) {
        return incident.roles().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().toString();
    }

    // ---- nothing left behind ----

    void assertCleanedUp(List<String> tables, List<Long> sessions) throws Exception {
        try (ServerConnection c = connector.openUnguarded(target)) {
            boolean mysql = c.server().engine().family() == Engine.Family.MYSQL;
            Set<String> left = new LinkedHashSet<>();
            try (Statement s = c.connection().createStatement(); ResultSet rs = s.executeQuery(mysql
                    ? "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'dbrescue\\_lab\\_%'"
                    : "SELECT relname FROM pg_class WHERE relname LIKE 'dbrescue\\_lab\\_%'")) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            assertThat(left).as("the scenario's tables after close()").noneMatch(tables::contains);
            String live = mysql ? "SELECT ID FROM information_schema.PROCESSLIST" : "SELECT pid FROM pg_stat_activity";
            Instant deadline = Instant.now().plusSeconds(10);
            Set<Long> alive = ids(c, live, sessions);
            while (!alive.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                alive = ids(c, live, sessions);
            }
            assertThat(alive).as("the lab's sessions after close()").isEmpty();
        }
    }

    private static Set<Long> ids(ServerConnection c, String sql, List<Long> among) throws SQLException {
        Set<Long> found = new LinkedHashSet<>();
        try (Statement s = c.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (among.contains(rs.getLong(1))) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }

    /** The whole life of one incident: native state, diagnosis, ending, clean-up. */
    void run(String scenario, boolean diagnose) throws Exception {
        boolean mysql;
        try (ServerConnection c = connector.openUnguarded(target)) {
            mysql = c.server().engine().family() == Engine.Family.MYSQL;
        }
        List<String> tables;
        List<Long> sessions;
        // During connection-exhaustion the server has one free slot: the checks below use one connection at a time.
        try (Incident incident = start(scenario)) {
            tables = incident.tables();
            sessions = incident.sessionIds();
            assertThat(incident.roles()).as("roles").isNotEmpty().allSatisfy(r -> assertThat(r.sessionId()).isPositive());
            if (diagnose) {
                assertDiagnosis(incident, diagnose());
            } else {
                assertNativeState(incident);
            }
            assertOutcome(scenario, incident, incident.finish(), mysql);
        }
        assertCleanedUp(tables, sessions);
    }
}
