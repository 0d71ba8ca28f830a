package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code idle-past-timeout}: sessions idle longer than the server's idle timeout, which should have ended them. The
 * server copies the global value into each session when it connects, so a survivor has its own: MySQL gives
 * interactive clients interactive_timeout as their wait_timeout, and drivers and pools may SET SESSION wait_timeout;
 * on PostgreSQL a role, a database or the session set idle_session_timeout. Lowering the global value does not reach
 * them: they must be ended, and whoever lifts the timeout found.
 */
final class IdlePastTimeoutDetector implements ConnectionsDetector {

    /** Timeouts fire on a timer: allow a second of slack before calling a session overdue. */
    private static final double SLACK_SECONDS = 1.0;

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        List<Finding> findings = new ArrayList<>();
        for (IdleTimeout timeout : context.limits().timeouts()) {
            boolean outsideOnly = timeout.applies() == IdleTimeout.Applies.IDLE_OUTSIDE_TRANSACTION;
            if (timeout.off() || !(timeout.applies() == IdleTimeout.Applies.IDLE || outsideOnly)) {
                continue;
            }
            List<Session> overdue = context.sessions().stream()
                    .filter(s -> !s.busy() && (!outsideOnly || !s.inTransaction()))
                    .filter(s -> s.idleSeconds() != null && s.idleSeconds() > timeout.seconds() + SLACK_SECONDS)
                    .toList();
            if (overdue.isEmpty()) {
                continue;
            }
            List<String> why = new ArrayList<>();
            Optional<IdleTimeout> interactive = context.limits().timeout(IdleTimeout.Applies.IDLE_INTERACTIVE);
            if (interactive.isPresent() && interactive.get().seconds() > timeout.seconds()) {
                why.add("Interactive clients (the mysql command line, GUI tools) get interactive_timeout ("
                        + Durations.seconds(interactive.get().seconds()) + ") instead; other clients set their own with SET SESSION "
                        + timeout.name() + ".");
            } else {
                why.add("Each session takes " + timeout.name() + " when it connects; these run with a longer one, set by their"
                        + (outsideOnly ? " role, database or session (ALTER ROLE ... SET, SET)." : " client or driver (SET SESSION).")
                        + " Changing the global value does not reach them.");
            }
            why.add("By client host: " + ConnectionsContext.largest(overdue, Dimension.HOST, 4) + "; by user: "
                    + ConnectionsContext.largest(overdue, Dimension.USER, 4) + "; " + ConnectionsContext.idleSpread(overdue) + ".");
            long inTransaction = overdue.stream().filter(Session::inTransaction).count();
            if (inTransaction > 0) {
                why.add(ConnectionsContext.count(inTransaction, "of them is", "of them are") + " inside a transaction, left out of the"
                        + " statement below (see idle-in-transaction).");
            }
            findings.add(new Finding(FindingKind.IDLE_PAST_TIMEOUT, Severity.WARNING, overdue.stream().map(Session::id).toList(),
                    ConnectionsContext.count(overdue.size(), "session is", "sessions are") + " idle longer than " + timeout.name()
                            + " (" + Durations.seconds(timeout.seconds()) + "), which should have ended them.",
                    why, context.advice().endIdle(new ConnectionAdvice.IdleFilter(null, null, null, timeout.seconds()))));
        }
        return findings;
    }
}
