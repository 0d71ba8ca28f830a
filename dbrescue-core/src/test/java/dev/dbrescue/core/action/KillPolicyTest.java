package dev.dbrescue.core.action;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KillPolicyTest {

    private static KillPolicy policy(List<Selector> include, List<Selector> exclude, KillMode mode) {
        return new KillPolicy(include, exclude, mode, false);
    }

    private static void refused(KillPolicy policy, String... fragments) {
        assertThatThrownBy(policy::validate).isInstanceOf(DbRescueException.class)
                .satisfies(e -> assertThat(((DbRescueException) e).code()).isEqualTo(ErrorCode.USAGE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }

    @Test
    void noSelectorIsRefused() {
        refused(policy(List.of(), List.of(), KillMode.CONNECTION), "at least one selector", "never ends every session");
        refused(policy(List.of(), List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("repl"))), KillMode.CONNECTION), "exclusions alone");
    }

    @Test
    void selectorsNoSessionCanSatisfyTogetherAreRefused() {
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(1)), new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofMinutes(1))), List.of(),
                KillMode.CONNECTION), "--idle and --busy");
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ZERO), new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ZERO)), List.of(),
                KillMode.CONNECTION), "--idle-in-transaction and --busy");
        refused(policy(List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("x"))), List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("x"))), KillMode.CONNECTION),
                "--user x and --exclude-user x contradict each other");
        refused(policy(List.of(new Selector.RootBlockers()), List.of(new Selector.RootBlockers()), KillMode.CONNECTION),
                "--root-blockers and --exclude-root-blockers");
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(5))), List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(1))),
                KillMode.CONNECTION), "--idle 5m and --exclude-idle 1m");
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofMinutes(5))), List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(5))),
                KillMode.CONNECTION), "--idle-in-transaction 5m and --exclude-idle 5m");
        refused(policy(List.of(new Selector.MinWaiters(3)), List.of(new Selector.MinWaiters(2)), KillMode.CONNECTION),
                "--min-waiters 3 and --exclude-min-waiters 2");
        refused(policy(List.of(new Selector.Query(Pattern.compile("^SELECT"))), List.of(new Selector.Query(Pattern.compile("^SELECT"))),
                KillMode.CONNECTION), "--query ^SELECT");
    }

    @Test
    void exclusionsThatOnlyNarrowAreFine() {
        policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofMinutes(1))), List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofHours(1))), KillMode.CONNECTION).validate();
        policy(List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("x", "y"))), List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("x"))), KillMode.CONNECTION).validate();
        policy(List.of(new Selector.MinWaiters(2)), List.of(new Selector.MinWaiters(10)), KillMode.CONNECTION).validate();
    }

    @Test
    void badValuesAreRefused() {
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE, Duration.ofSeconds(-5))), List.of(), KillMode.CONNECTION), "--idle takes a duration of 0 or more");
        refused(policy(List.of(new Selector.MinWaiters(0)), List.of(), KillMode.CONNECTION), "--min-waiters takes a number of sessions of 1 or more");
    }

    @Test
    void cancellingIdleSessionsIsRefused() {
        refused(policy(List.of(new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofMinutes(1))), List.of(), KillMode.QUERY), "--mode query",
                "--mode connection");
        policy(List.of(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofMinutes(1))), List.of(), KillMode.QUERY).validate();
    }

    @Test
    void describeGivesTheOptionsBack() {
        KillPolicy p = new KillPolicy(List.of(new Selector.RootBlockers(), new Selector.Timed(Selector.Timed.Clock.IDLE_IN_TRANSACTION, Duration.ofSeconds(90))),
                List.of(new Selector.Named(Selector.Named.Field.USER, Set.of("repl", "backup"))), KillMode.CONNECTION, true);
        assertThat(p.describe()).isEqualTo("--root-blockers --idle-in-transaction 90s --exclude-user backup --exclude-user repl"
                + " --mode connection --include-superusers");
        assertThat(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofMillis(1500)).option()).isEqualTo("--busy 1500ms");
        assertThat(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofHours(2)).option()).isEqualTo("--busy 2h");
        assertThat(new Selector.Timed(Selector.Timed.Clock.BUSY, Duration.ofMinutes(5)).option()).isEqualTo("--busy 5m");
    }
}
