package dev.dbrescue.core.action;

import dev.dbrescue.core.analysis.Snapshots;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.model.WaitKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.dbrescue.core.analysis.Snapshots.pgRelation;
import static org.assertj.core.api.Assertions.assertThat;

class KillSelectionTest {

    /**
     * Seed 04 on PostgreSQL: 10 idle in transaction holds the table; 11 queues LOCK TABLE behind it; 12 and 13 queue
     * behind 11. 20 is idle in an unrelated transaction, 21 runs a long report, 30 is idle outside any transaction.
     */
    static Snapshot lockQueue() {
        return Snapshots.of(Engine.POSTGRESQL)
                .idleInTransaction(10, 300, "SELECT * FROM user_setting WHERE id = 1")
                .busy(11, "LOCK TABLE user_setting")
                .busy(12, "SELECT * FROM user_setting WHERE id = 1")
                .busy(13, "SELECT * FROM user_setting WHERE id = 1")
                .idleInTransaction(20, 40, "UPDATE orders SET paid = true WHERE id = 7")
                .session(session(21, "report", "10.0.0.9", true, false, 0.0, 900.0, "SELECT sum(total) FROM orders"))
                .session(session(30, "web", "10.0.0.7", false, false, 1200.0, null, "SELECT 1"))
                .waits(11, 10, WaitKind.HARD, pgRelation("AccessExclusiveLock", "user_setting"), pgRelation("AccessShareLock", "user_setting"))
                .waits(12, 11, WaitKind.QUEUED, pgRelation("AccessShareLock", "user_setting"), pgRelation("AccessExclusiveLock", "user_setting"))
                .waits(13, 11, WaitKind.QUEUED, pgRelation("AccessShareLock", "user_setting"), pgRelation("AccessExclusiveLock", "user_setting"))
                .build();
    }

    static Session session(long id, String user, String host, boolean busy, boolean inTransaction, Double idle, Double query, String sql) {
        return new Session(id, user, host, "shop", "worker", busy ? "active" : "idle", busy, inTransaction, sql,
                inTransaction ? 60.0 : null, idle, query, null, null, null, null, false, false);
    }

    static KillPolicy policy(Selector... include) {
        return new KillPolicy(List.of(include), List.of(), KillMode.CONNECTION, false);
    }

    static List<Long> ids(Selection selection) {
        return selection.selected().stream().map(Candidate::id).toList();
    }

    private static Selection select(Snapshot snapshot, KillPolicy policy) {
        return KillSelection.select(snapshot, policy.validate(), Set.of(), Set.of());
    }

    @Test
    void rootBlockersSelectsTheHeadOfTheQueueOnly() {
        Selection s = select(lockQueue(), policy(new Selector.RootBlockers()));
        assertThat(ids(s)).containsExactly(10L);
        assertThat(s.selected().get(0).reasons()).containsExactly("root blocker: 3 sessions wait behind it");
        assertThat(s.selected().get(0).facts().blockingSeconds()).isEqualTo(2.0);
    }

    @Test
    void selectorsCombineWithAnd() {
        Snapshot snapshot = lockQueue();
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofSeconds(30)))))).containsExactly(10L, 20L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofSeconds(30)), new Selector.RootBlockers()))))
                .containsExactly(10L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofMinutes(10)))))).isEmpty();
        // 11 blocks two sessions but waits itself: not a root, yet it has waiters behind it
        assertThat(ids(select(snapshot, policy(new Selector.MinWaiters(2))))).containsExactly(10L, 11L);
        assertThat(ids(select(snapshot, policy(new Selector.MinWaiters(3))))).containsExactly(10L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.BLOCKING_FOR, Duration.ofSeconds(2)))))).containsExactly(10L, 11L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.BLOCKING_FOR, Duration.ofSeconds(3)))))).isEmpty();
    }

    @Test
    void idleBusyAndNameSelectors() {
        Snapshot snapshot = lockQueue();
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(10)))))).containsExactly(30L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofSeconds(30)))))).containsExactly(10L, 20L, 30L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofMinutes(5)))))).containsExactly(21L);
        assertThat(ids(select(snapshot, policy(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofSeconds(1)), new Selector.Named(Selector.Named.Field.USER, Set.of("report", "web"))))))
                .containsExactly(21L);
        assertThat(ids(select(snapshot, policy(new Selector.Named(Selector.Named.Field.HOST, Set.of("10.0.0.7")))))).containsExactly(30L);
        assertThat(ids(select(snapshot, policy(new Selector.Query(Pattern.compile("(?i)^update ")))))).containsExactly(20L);
        assertThat(ids(select(snapshot, policy(new Selector.Named(Selector.Named.Field.DATABASE, Set.of("shop")), new Selector.Named(Selector.Named.Field.APPLICATION, Set.of("worker"))))))
                .containsExactly(21L, 30L);
    }

    @Test
    void exclusionsRemoveMatches() {
        KillPolicy policy = new KillPolicy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofSeconds(30))),
                List.of(new Selector.RootBlockers(), new Selector.Named(Selector.Named.Field.USER, Set.of("web"))), KillMode.CONNECTION, false);
        assertThat(ids(select(lockQueue(), policy))).containsExactly(20L);
    }

    @Test
    void mysqlHostsMatchWithOrWithoutThePort() {
        Snapshot snapshot = Snapshots.of(Engine.MARIADB)
                .session(new Session(5, "app", "10.0.0.5:51234", "shop", null, "Sleep", false, false, null, null, 600.0, null,
                        null, null, null, null, false, false))
                .session(new Session(6, "app", "10.0.0.50:51234", "shop", null, "Sleep", false, false, null, null, 600.0, null,
                        null, null, null, null, false, false))
                .build();
        assertThat(ids(select(snapshot, policy(new Selector.Named(Selector.Named.Field.HOST, Set.of("10.0.0.5")))))).containsExactly(5L);
        assertThat(ids(select(snapshot, policy(new Selector.Named(Selector.Named.Field.HOST, Set.of("10.0.0.5:51234")))))).containsExactly(5L);
    }

    @Test
    void systemAndPrivilegedSessionsAreSparedAndSaySo() {
        Snapshot snapshot = Snapshots.of(Engine.MARIADB)
                .session(new Session(1, "system user", null, null, null, "Slave_SQL", false, true, null, 900.0, 900.0, null,
                        "77", null, null, null, false, true))
                .session(new Session(2, "root", "localhost", null, null, "Sleep", false, true, null, 900.0, 900.0, null,
                        "78", null, 3L, null, false, false))
                .session(new Session(3, "dba", "10.0.0.2:4000", null, null, "Sleep", false, true, null, 900.0, 900.0, null,
                        "79", null, 0L, null, false, false))
                .session(new Session(4, "app", "10.0.0.3:4000", null, null, "Sleep", false, true, null, 900.0, 900.0, null,
                        "80", null, 0L, null, false, false))
                .build();
        KillPolicy idle = policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofMinutes(1)));
        Selection s = KillSelection.select(snapshot, idle, Set.of("root", "dba"), Set.of());
        assertThat(ids(s)).containsExactly(4L);
        assertThat(s.spared()).extracting(sp -> sp.session().id()).containsExactly(1L, 2L, 3L);
        assertThat(s.spared().get(0).why()).contains("the server's own thread");
        assertThat(s.spared().get(1).why()).contains("privileged account (root)", "--include-superusers");

        KillPolicy all = new KillPolicy(idle.include(), List.of(), KillMode.CONNECTION, true);
        Selection withSuperusers = KillSelection.select(snapshot, all, Set.of("root", "dba"), Set.of());
        assertThat(ids(withSuperusers)).containsExactlyInAnyOrder(2L, 3L, 4L); // never the replication thread
        assertThat(withSuperusers.spared()).extracting(sp -> sp.session().id()).containsExactly(1L);
    }

    @Test
    void sessionsEndedEarlierInTheRunAreNotEndedTwice() {
        Selection s = KillSelection.select(lockQueue(), policy(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ZERO)), Set.of(), Set.of(10L));
        assertThat(ids(s)).containsExactly(20L);
        assertThat(s.spared()).singleElement().satisfies(sp -> assertThat(sp.why()).contains("already ended by this run"));
    }

    @Test
    void cancellingSparesIdleSessions() {
        KillPolicy cancel = new KillPolicy(List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("app", "report"))), List.of(), KillMode.QUERY, false);
        Selection s = select(lockQueue(), cancel);
        assertThat(ids(s)).containsExactly(11L, 12L, 13L, 21L); // waiters first, then the oldest transaction
        assertThat(s.spared()).extracting(sp -> sp.session().id()).containsExactly(10L, 20L);
        assertThat(s.spared().get(0).why()).contains("nothing to cancel");
    }

    @Test
    void theSessionWithMostWaitersComesFirst() {
        Snapshot snapshot = Snapshots.of(Engine.POSTGRESQL)
                .idleInTransaction(1, 900, "SELECT 1")
                .idleInTransaction(2, 60, "SELECT 2")
                .busy(3, "UPDATE a").busy(4, "UPDATE b").busy(5, "UPDATE c")
                .waits(3, 1, WaitKind.HARD, null, null)
                .waits(4, 2, WaitKind.HARD, null, null)
                .waits(5, 2, WaitKind.HARD, null, null)
                .build();
        assertThat(ids(select(snapshot, policy(new Selector.RootBlockers())))).containsExactly(2L, 1L);
    }

    @Test
    void selectorsThatCannotSeeWhatTheyNeedSaySo() {
        Snapshot mysql = Snapshots.of(Engine.MARIADB)
                .session(new Session(5, "app", "h:1", "shop", null, "Sleep", false, false, null, null, 600.0, null,
                        null, null, null, null, false, false))
                .build();
        Selection byApplication = select(mysql, policy(new Selector.Named(Selector.Named.Field.APPLICATION, Set.of("worker"))));
        assertThat(byApplication.selected()).isEmpty();
        assertThat(byApplication.limitations()).singleElement().satisfies(l -> assertThat(l.what()).isEqualTo("application names"));
        Selection byQuery = select(mysql, policy(new Selector.Query(Pattern.compile("SELECT"))));
        assertThat(byQuery.limitations()).singleElement().satisfies(l -> assertThat(l.what()).isEqualTo("the statements of 1 session"));
    }
}
