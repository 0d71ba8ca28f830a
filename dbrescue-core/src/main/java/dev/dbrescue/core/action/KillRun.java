package dev.dbrescue.core.action;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.KillRights;
import dev.dbrescue.core.spi.LiveSession;
import dev.dbrescue.core.spi.LockSnapshotReader;
import dev.dbrescue.core.spi.Reading;
import dev.dbrescue.core.spi.SessionKiller;
import dev.dbrescue.core.target.Secrets;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Applies a kill policy on one open, safe connection: {@link #plan()} reads a snapshot and selects (changing
 * nothing), {@link #act} ends the selected sessions, each re-checked right before its kill and audited right after.
 * One instance serves a whole {@code --watch}: it reads the account's rights once and the list of privileged accounts
 * every {@link #PRIVILEGED_REFRESH}, and remembers whom it ended so as not to end them twice while they roll back.
 * Not thread-safe.
 */
public final class KillRun {

    /** Grants rarely change during an incident; reading them at every poll would double a quiet poll's cost. */
    static final Duration PRIVILEGED_REFRESH = Duration.ofMinutes(10);
    /** How long {@link #act} waits for ended sessions to leave, to say which are still rolling back. */
    static final Duration DEPARTURE_WAIT = Duration.ofSeconds(2);

    private final ServerConnection connection;
    private final KillPolicy policy;
    private final LockSnapshotReader reader;
    private final SessionKiller killer;
    private final Clock clock;
    private Reading<Set<String>> privileged;
    private Instant privilegedReadAt;
    private KillRights rights;
    /** Sessions this run ended, while they are still in the snapshot. */
    private final Set<Long> ended = new HashSet<>();

    public KillRun(ServerConnection connection, KillPolicy policy, Clock clock) {
        this.connection = connection;
        this.policy = policy.validate();
        this.reader = connection.family().lockSnapshotReader(connection.server());
        this.killer = connection.family().sessionKiller(connection.server());
        this.clock = clock;
    }

    /** Reads a snapshot and selects; changes nothing on the server. */
    public KillPlan plan() {
        try {
            Snapshot snapshot = reader.read(connection.connection());
            Instant now = clock.instant();
            if (privileged == null || Duration.between(privilegedReadAt, now).compareTo(PRIVILEGED_REFRESH) >= 0) {
                privileged = killer.privilegedUsers(connection.connection());
                privilegedReadAt = now;
            }
            if (rights == null) {
                rights = killer.rights(connection.connection());
            }
            Set<Long> present = snapshot.sessions().stream().map(Session::id).collect(Collectors.toSet());
            ended.retainAll(present); // gone for good: an id seen again later is a new session
            Set<String> privilegedUsers = privilegedUsers();
            Selection selection = KillSelection.select(snapshot, policy, privilegedUsers, ended);
            List<Limitation> limitations = new ArrayList<>(snapshot.limitations());
            if (privileged.limitation() != null) {
                limitations.add(privileged.limitation());
            }
            limitations.addAll(selection.limitations());
            return new KillPlan(snapshot, policy, selection, rights, refusal(selection.selected(), privilegedUsers), limitations);
        } catch (SQLException e) {
            throw new DbRescueException(ErrorCode.CONNECTION, "Reading sessions from " + connection.target() + " failed: "
                    + Secrets.scrub(e.getMessage(), connection.target().password())
                    + " (check that the server is up and that the user may read the process list)", e);
        }
    }

    private Set<String> privilegedUsers() {
        return privileged.value() == null ? Set.of() : privileged.value();
    }

    /** One line naming the privilege this account lacks for some selected session, or null. */
    private String refusal(List<Candidate> selected, Set<String> privilegedUsers) {
        List<Long> others = new ArrayList<>();
        List<Long> superusers = new ArrayList<>();
        for (Candidate c : selected) {
            Session s = c.session();
            if (rights.user() != null && rights.user().equals(s.user())) {
                continue; // one's own sessions: always allowed
            }
            if (s.superuser() || privilegedUsers.contains(s.user())) {
                if (Boolean.FALSE.equals(rights.superusers())) {
                    superusers.add(s.id());
                }
            } else if (Boolean.FALSE.equals(rights.others())) {
                others.add(s.id());
            }
        }
        if (!others.isEmpty()) {
            return rights.account() + " may not end other users' sessions (" + ids(others) + "): it needs " + rights.needForOthers();
        }
        if (!superusers.isEmpty()) {
            return rights.account() + " may not end privileged accounts' sessions (" + ids(superusers) + "): it needs "
                    + rights.needForSuperusers();
        }
        return null;
    }

    private static String ids(List<Long> ids) {
        String shown = ids.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
        return (ids.size() == 1 ? "session " : ids.size() + " sessions: ") + shown + (ids.size() > 10 ? ", ..." : "");
    }

    /**
     * Ends the plan's sessions in order, at most {@code budget} of them (the rest are {@link KillResult#HELD_BACK}),
     * stopping early when {@code stop} says so. Each is re-checked right before its kill; every attempt is appended to
     * the audit log before the next. A refusal by the server stops the run ({@link ErrorCode#PRIVILEGE}).
     */
    public List<KillAction> act(KillPlan plan, int budget, AuditLog audit, BooleanSupplier stop) {
        if (plan.refusal() != null) {
            throw new DbRescueException(ErrorCode.PRIVILEGE, plan.refusal());
        }
        List<KillAction> actions = new ArrayList<>();
        int used = 0;
        for (Candidate candidate : plan.selected()) {
            if (stop.getAsBoolean()) {
                break;
            }
            String sql = plan.sql(candidate);
            if (used >= budget) {
                actions.add(new KillAction(candidate, KillResult.HELD_BACK, sql, "the cap on kills per minute was reached", clock.instant()));
                continue;
            }
            KillAction action = actOn(plan, candidate, sql);
            audit.append(action.at(), "kill", connection.target().toString(), action.result().jsonName(), auditFields(plan, action));
            actions.add(action);
            if (action.result() == KillResult.ENDED) {
                used++;
                if (policy.mode() == KillMode.CONNECTION) {
                    ended.add(candidate.id());
                }
            }
            if (action.result() == KillResult.REFUSED) {
                throw new DbRescueException(ErrorCode.PRIVILEGE, "The server refused to end session " + candidate.id() + " ("
                        + action.detail() + "): " + plan.rights().account() + " needs " + plan.rights().needForOthers()
                        + (actions.size() > 1 ? "; stopped there, see the audit log " + audit.file() + " for what was done" : ""));
            }
        }
        return policy.mode() == KillMode.CONNECTION ? noteDepartures(actions) : actions;
    }

    private KillAction actOn(KillPlan plan, Candidate candidate, String sql) {
        try {
            Optional<LiveSession> live = killer.look(connection.connection(), plan.snapshot(), candidate.session(),
                    policy.aboutTransaction());
            Recheck.Verdict verdict = Recheck.check(candidate, policy, privilegedUsers(), live);
            if (!verdict.go()) {
                return new KillAction(candidate, verdict.result(), sql, verdict.detail(), clock.instant());
            }
            SessionKiller.KillOutcome outcome = killer.kill(connection.connection(), candidate.id(), policy.mode());
            return switch (outcome) {
                case DONE -> new KillAction(candidate, KillResult.ENDED, sql, null, clock.instant());
                case GONE -> new KillAction(candidate, KillResult.GONE, sql, "it ended just before the kill", clock.instant());
                case REFUSED -> new KillAction(candidate, KillResult.REFUSED, sql, "not allowed", clock.instant());
            };
        } catch (SQLException e) {
            return new KillAction(candidate, KillResult.FAILED, sql,
                    Secrets.scrub(oneLine(e.getMessage()), connection.target().password()), clock.instant());
        }
    }

    /** Waits a moment for the ended sessions to leave, and says which are still rolling back. */
    private List<KillAction> noteDepartures(List<KillAction> actions) {
        Set<Long> waiting = actions.stream().filter(a -> a.result() == KillResult.ENDED).map(a -> a.candidate().id())
                .collect(Collectors.toCollection(HashSet::new));
        long deadline = System.nanoTime() + DEPARTURE_WAIT.toNanos();
        try {
            while (!waiting.isEmpty()) {
                waiting = new HashSet<>(killer.alive(connection.connection(), waiting));
                if (waiting.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            return actions; // the kills are done and audited; where they stand is only a nicety
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<KillAction> out = new ArrayList<>();
        for (KillAction a : actions) {
            out.add(waiting.contains(a.candidate().id())
                    ? a.withDetail("still on the server after " + DEPARTURE_WAIT.toSeconds() + " s: rolling back"
                    + rowsNote(a.candidate().session()))
                    : a);
        }
        return out;
    }

    private static String rowsNote(Session s) {
        return s.rowsModified() == null ? "" : " " + s.rowsModified() + " modified rows, which takes about as long as making them";
    }

    private Map<String, Object> auditFields(KillPlan plan, KillAction action) {
        Session s = action.candidate().session();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("server", plan.snapshot().server().toString());
        f.put("session", s.id());
        f.put("user", s.user());
        f.put("host", s.host());
        f.put("database", s.database());
        f.put("application", s.application());
        f.put("state", s.state());
        f.put("statement", s.query());
        f.put("transactionSeconds", s.transactionSeconds());
        f.put("rowsModified", s.rowsModified());
        f.put("waitersBehind", action.candidate().facts().waitersBehind());
        f.put("reason", String.join("; ", action.candidate().reasons()));
        f.put("policy", policy.describe());
        f.put("mode", policy.mode().jsonName());
        f.put("sql", action.sql());
        f.put("detail", action.detail());
        f.put("osUser", System.getProperty("user.name"));
        return f;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
