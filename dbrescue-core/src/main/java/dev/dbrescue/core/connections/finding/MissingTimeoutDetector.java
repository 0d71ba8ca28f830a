package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code missing-timeout}: an idle timeout that is off, or at a default so long that it does not help (MySQL's
 * wait_timeout of 8 h). Advice (info) on its own; a warning when the sample shows what the timeout would have
 * prevented: sessions idle in a transaction past {@code --idle-in-transaction} or blocking others, leak suspects.
 * PostgreSQL's idle_session_timeout (14+) is suggested per role of a leak suspect only: server-wide it would also end
 * the long-lived server connections of a pooler such as PgBouncer.
 */
final class MissingTimeoutDetector implements ConnectionsDetector {

    /** The values suggested: 5 min for a forgotten transaction, 10 min for an idle connection (seed 01: 300 s). */
    static final double IDLE_IN_TRANSACTION_SECONDS = 300;
    static final double IDLE_SECONDS = 600;
    static final double IDLE_SESSION_SECONDS = 1800;
    /** At or above this, an idle timeout does not free a leaked connection in any useful time (MySQL's default: 8 h). */
    static final double TOO_LONG_SECONDS = 8 * 3600;

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        List<Finding> findings = new ArrayList<>();
        for (IdleTimeout timeout : context.limits().timeouts()) {
            switch (timeout.applies()) {
                case IDLE_IN_TRANSACTION -> idleInTransaction(context, timeout).ifPresent(findings::add);
                case IDLE -> idle(context, timeout).ifPresent(findings::add);
                case IDLE_OUTSIDE_TRANSACTION -> idleSession(context, timeout).ifPresent(findings::add);
                case IDLE_INTERACTIVE -> { } // reported with wait_timeout
            }
        }
        return findings;
    }

    private Optional<Finding> idleInTransaction(ConnectionsContext context, IdleTimeout timeout) {
        if (!timeout.off()) {
            return Optional.empty();
        }
        double threshold = context.options().idleInTransaction().toMillis() / 1000.0;
        List<Long> evidence = context.sessions().stream().filter(Session::idleInTransaction)
                .filter(s -> context.graph().isBlocking(s.id()) || (s.idleSeconds() != null && s.idleSeconds() >= threshold))
                .map(Session::id).toList();
        List<String> why = new ArrayList<>();
        why.add("A transaction left open (a forgotten BEGIN in a console, a request that died between statements) keeps its"
                + " locks and its connection until someone ends it (seed 04).");
        if (!evidence.isEmpty()) {
            why.add(ConnectionsContext.count(evidence.size(), "session is", "sessions are") + " in that state now.");
        }
        why.add("Applies to new sessions; a batch job that thinks between statements inside a transaction can set a longer one"
                + " for itself (" + context.advice().setTimeoutForSession(timeout.name(), 3600) + ").");
        note(context, timeout, IDLE_IN_TRANSACTION_SECONDS, why);
        return Optional.of(new Finding(FindingKind.MISSING_TIMEOUT, evidence.isEmpty() ? Severity.INFO : Severity.WARNING,
                evidence, timeout.name() + " is 0 (off): nothing ends a session left idle in a transaction.", why,
                context.advice().setTimeout(timeout.name(), IDLE_IN_TRANSACTION_SECONDS)));
    }

    private Optional<Finding> idle(ConnectionsContext context, IdleTimeout timeout) {
        if (!timeout.off() && timeout.seconds() < TOO_LONG_SECONDS) {
            return Optional.empty();
        }
        List<LeakSuspect> suspects = context.leakSuspects();
        List<String> why = new ArrayList<>();
        why.add("A connection a client forgot holds its slot " + (timeout.off() ? "forever" : "for " + Durations.seconds(timeout.seconds()))
                + "; seed 01 sets wait_timeout and interactive_timeout to 300 s.");
        if (!suspects.isEmpty()) {
            why.add("Leak suspects now: " + String.join(", ", suspects.stream().map(LeakSuspect::name).toList()) + ".");
        }
        why.add("Applies to new sessions only: end the idle ones already there. Pools must retire or validate idle"
                + " connections sooner (HikariCP maxLifetime, SQLAlchemy pool_recycle or pool_pre_ping), or they hand out"
                + " connections the server has closed.");
        note(context, timeout, IDLE_SECONDS, why);
        String action = context.advice().setTimeout(timeout.name(), IDLE_SECONDS);
        Optional<IdleTimeout> interactive = context.limits().timeout(IdleTimeout.Applies.IDLE_INTERACTIVE);
        if (interactive.isPresent() && (interactive.get().off() || interactive.get().seconds() > IDLE_SECONDS)) {
            action += "; " + context.advice().setTimeout(interactive.get().name(), IDLE_SECONDS);
        }
        String value = timeout.off() ? "0 (off)" : Math.round(timeout.seconds()) + " s (" + Durations.seconds(timeout.seconds())
                + (timeout.atDefault() ? ", the default" : "") + ")";
        List<Long> ids = suspects.stream().flatMap(s -> s.longIdle().stream()).map(Session::id).toList();
        return Optional.of(new Finding(FindingKind.MISSING_TIMEOUT, suspects.isEmpty() ? Severity.INFO : Severity.WARNING, ids,
                timeout.name() + " is " + value + ": idle connections stay that long.", why, action));
    }

    private Optional<Finding> idleSession(ConnectionsContext context, IdleTimeout timeout) {
        Set<String> users = new LinkedHashSet<>();
        context.leakSuspects().forEach(s -> {
            if (s.singleUser() != null) {
                users.add(s.singleUser());
            }
        });
        if (!timeout.off() || users.isEmpty()) {
            return Optional.empty();
        }
        List<String> actions = users.stream()
                .map(u -> context.advice().setTimeoutForRole(u, timeout.name(), IDLE_SESSION_SECONDS)).toList();
        List<Long> ids = context.leakSuspects().stream().flatMap(s -> s.longIdle().stream()).map(Session::id).toList();
        return Optional.of(new Finding(FindingKind.MISSING_TIMEOUT, Severity.WARNING, ids,
                timeout.name() + " is 0 (off): the leaking role's idle connections are never ended.",
                List.of("Set it for the leaking role only: server-wide it would also end a pooler's (PgBouncer's) own idle"
                        + " server connections. It applies to that role's new sessions."),
                String.join("; ", actions)));
    }

    private static void note(ConnectionsContext context, IdleTimeout timeout, double seconds, List<String> why) {
        String note = context.advice().persistNote(timeout.name(), seconds);
        if (note != null) {
            why.add(note);
        }
    }
}
