package dev.dbrescue.core.action;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import dev.dbrescue.core.action.Selector.Timed.Clock;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which sessions {@code dbrescue kill} ends and how: every included selector must match, no excluded one may.
 * {@link #validate()} refuses what cannot be meant: no selector at all, selectors that no session can satisfy
 * together, a mode that cannot act on what is selected.
 *
 * @param includeSuperusers also end sessions of privileged accounts (never the server's own threads, never dbrescue's)
 */
public record KillPolicy(List<Selector> include, List<Selector> exclude, KillMode mode, boolean includeSuperusers) {

    public KillPolicy {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** The policy, or a {@link ErrorCode#USAGE} error whose message says what to change. */
    public KillPolicy validate() {
        if (include.isEmpty()) {
            throw usage(exclude.isEmpty()
                    ? "kill needs at least one selector to choose sessions, e.g. --root-blockers or --idle-in-transaction 5m; it never ends every session"
                    : "exclusions alone would select every other session: add a selector that chooses sessions, e.g. --root-blockers or --idle 10m");
        }
        for (Selector s : include) {
            checkValues(s);
        }
        for (Selector s : exclude) {
            checkValues(s);
        }
        boolean idle = has(Clock.IDLE) || has(Clock.IDLE_IN_TRANSACTION);
        if (has(Clock.BUSY) && idle) {
            throw usage((has(Clock.IDLE) ? "--idle" : "--idle-in-transaction") + " and --busy cannot both match one"
                    + " session (it is either idle or running a statement): keep one of them");
        }
        if (mode == KillMode.QUERY && idle) {
            throw usage("--mode query cancels the running statement, and an idle session runs none: use --mode connection"
                    + " to end idle sessions (and roll back their transactions)");
        }
        for (Selector in : include) {
            for (Selector out : exclude) {
                if (contradicts(in, out)) {
                    throw usage(in.option() + " and --exclude-" + out.option().substring(2)
                            + " contradict each other: no session could match; drop one of them");
                }
            }
        }
        return this;
    }

    private boolean has(Clock clock) {
        return include.stream().anyMatch(s -> s instanceof Selector.Timed t && t.clock() == clock);
    }

    private static void checkValues(Selector s) {
        Duration d = s.threshold();
        if (d != null && d.isNegative()) {
            throw usage(s.option().split(" ")[0] + " takes a duration of 0 or more, e.g. 30s, 5m or 1h");
        }
        if (s instanceof Selector.MinWaiters m && m.waiters() < 1) {
            throw usage("--min-waiters takes a number of sessions of 1 or more");
        }
    }

    /**
     * True when every session the included selector matches, the excluded one removes: the same kind with a threshold
     * at or below the included one ({@code --idle 5m --exclude-idle 1m}), or the same names.
     */
    private static boolean contradicts(Selector in, Selector out) {
        if (in instanceof Selector.Timed i && out instanceof Selector.Timed o) {
            // idle in transaction for D is also idle for D
            boolean covers = o.clock() == i.clock() || (i.clock() == Clock.IDLE_IN_TRANSACTION && o.clock() == Clock.IDLE);
            return covers && o.threshold().compareTo(i.threshold()) <= 0;
        }
        if (in.getClass() != out.getClass()) {
            return false;
        }
        if (in instanceof Selector.MinWaiters m) {
            return ((Selector.MinWaiters) out).waiters() <= m.waiters();
        }
        if (in instanceof Selector.Named n) {
            Selector.Named o = (Selector.Named) out;
            return o.field() == n.field() && o.names().containsAll(n.names());
        }
        return in.equals(out);
    }

    /** The first selector the session fails, described ("not --idle 5m", "excluded by --exclude-user app"); null when it matches. */
    String failure(SessionFacts facts) {
        for (Selector s : include) {
            if (s.match(facts) == null) {
                return "no longer " + s.option();
            }
        }
        for (Selector s : exclude) {
            if (s.match(facts) != null) {
                return "now excluded by --exclude-" + s.option().substring(2);
            }
        }
        return null;
    }

    /** The reasons the included selectors give, or null when the session is not selected. */
    List<String> reasons(SessionFacts facts) {
        if (failure(facts) != null) {
            return null;
        }
        return include.stream().map(s -> s.match(facts)).toList();
    }

    public boolean aboutLocks() {
        return include.stream().anyMatch(Selector::aboutLocks);
    }

    /** True when a selector is about the session's transaction or its locks: the re-check must compare transactions. */
    public boolean aboutTransaction() {
        return include.stream().anyMatch(Selector::aboutTransaction);
    }

    /** The policy as options, e.g. {@code --root-blockers --exclude-user repl --mode connection}. */
    public String describe() {
        Set<String> seen = new HashSet<>();
        String in = include.stream().map(Selector::option).filter(seen::add).collect(Collectors.joining(" "));
        String out = exclude.stream().map(s -> "--exclude-" + s.option().substring(2).replace(" --", " --exclude-"))
                .collect(Collectors.joining(" "));
        return (in + (out.isEmpty() ? "" : " " + out) + " --mode " + mode.jsonName()
                + (includeSuperusers ? " --include-superusers" : "")).trim();
    }

    private static DbRescueException usage(String message) {
        return new DbRescueException(ErrorCode.USAGE, message);
    }
}
