package dev.dbrescue.core.action;

import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.LiveSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecheckTest {

    private static final KillPolicy ROOTS = KillSelectionTest.policy(new Selector.RootBlockers());
    private static final KillPolicy IDLE = KillSelectionTest.policy(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(10)));

    private static Candidate candidate(KillPolicy policy, long id) {
        Snapshot snapshot = KillSelectionTest.lockQueue();
        return KillSelection.select(snapshot, policy, Set.of(), Set.of()).selected().stream()
                .filter(c -> c.id() == id).findFirst().orElseThrow();
    }

    private static Recheck.Verdict check(KillPolicy policy, Candidate c, LiveSession live) {
        return Recheck.check(c, policy, Set.of(), Optional.ofNullable(live));
    }

    private static Session idleFor(Session s, double idle, boolean inTransaction) {
        return new Session(s.id(), s.user(), s.host(), s.database(), s.application(), "idle", false, inTransaction, s.query(),
                inTransaction ? 1.0 : null, idle, null, null, null, null, null, s.superuser(), s.system());
    }

    @Test
    void theSameSessionUntouchedGoesAhead() {
        Candidate root = candidate(ROOTS, 10);
        assertThat(check(ROOTS, root, new LiveSession(root.session(), true, true, true)).go()).isTrue();
    }

    @Test
    void anEndedSessionIsGone() {
        Candidate root = candidate(ROOTS, 10);
        assertThat(check(ROOTS, root, null).result()).isEqualTo(KillResult.GONE);
        Recheck.Verdict reused = check(ROOTS, root, new LiveSession(root.session(), false, false, false));
        assertThat(reused.result()).isEqualTo(KillResult.GONE);
        assertThat(reused.detail()).contains("belongs to another session");
    }

    @Test
    void aRootBlockerWhoseTransactionChangedIsLeftAlone() {
        Candidate root = candidate(ROOTS, 10);
        Recheck.Verdict newTransaction = check(ROOTS, root, new LiveSession(idleFor(root.session(), 0.2, true), true, false, false));
        assertThat(newTransaction.result()).isEqualTo(KillResult.CHANGED);
        assertThat(newTransaction.detail()).isEqualTo("its transaction ended since it was selected and a new one began");
        Recheck.Verdict ranAgain = check(ROOTS, root, new LiveSession(root.session(), true, true, false));
        assertThat(ranAgain.result()).isEqualTo(KillResult.CHANGED);
        assertThat(ranAgain.detail()).contains("ran another statement");
    }

    @Test
    void anIdleSessionThatWorkedSinceNoLongerMatches() {
        Candidate idle = candidate(IDLE, 30);
        // transactions do not matter to --idle; the idle spell does
        assertThat(check(IDLE, idle, new LiveSession(idleFor(idle.session(), 1300, false), true, false, true)).go()).isTrue();
        Recheck.Verdict busyNow = check(IDLE, idle, new LiveSession(idleFor(idle.session(), 0.5, false), true, false, false));
        assertThat(busyNow.result()).isEqualTo(KillResult.CHANGED);
        assertThat(busyNow.detail()).isEqualTo("it changed since it was selected: no longer --idle 10m");
    }

    @Test
    void aSessionThatBecameProtectedIsLeftAlone() {
        Candidate idle = candidate(IDLE, 30);
        Session s = idle.session();
        Session nowSuper = new Session(s.id(), s.user(), s.host(), s.database(), s.application(), s.state(), false, false,
                s.query(), null, 1300.0, null, null, null, null, null, true, false);
        Recheck.Verdict verdict = check(IDLE, idle, new LiveSession(nowSuper, true, false, true));
        assertThat(verdict.result()).isEqualTo(KillResult.CHANGED);
        assertThat(verdict.detail()).contains("privileged account");
        KillPolicy withSuperusers = new KillPolicy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(10))), List.of(), KillMode.CONNECTION, true);
        assertThat(Recheck.check(idle, withSuperusers, Set.of(), Optional.of(new LiveSession(nowSuper, true, false, true))).go()).isTrue();
    }
}
