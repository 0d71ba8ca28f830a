package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dbrescue.core.connections.finding.ConnectionsContext.count;

/**
 * {@code connection-limit}: the server is at or near max_connections (seed 01, part 2: "Too many connections", "sorry,
 * too many clients already"). A warning from {@code --near-limit} (80%), critical at 95% or with nothing left. The
 * first aid is to end the idle sessions of the largest pile, which loses nothing but connections their pools reopen;
 * raising max_connections is the other lever (at once on MySQL, only with a restart on PostgreSQL).
 */
final class ConnectionLimitDetector implements ConnectionsDetector {

    static final double CRITICAL_RATIO = 0.95;

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        ConnectionLimits limits = context.limits();
        double ratio = limits.usedRatio();
        if (ratio < context.options().nearLimit()) {
            return List.of();
        }
        Severity severity = limits.left() == 0 || ratio >= CRITICAL_RATIO ? Severity.CRITICAL : Severity.WARNING;
        String summary = limits.used() + " of " + limits.max() + " connections used (" + limits.usedPercent() + "), "
                + (limits.left() > 0 ? limits.left() + " left for ordinary accounts."
                : "none left: ordinary accounts get " + context.advice().refusal() + ".");
        List<Session> sessions = context.sessions();
        List<String> why = new ArrayList<>();
        why.add("By client host: " + ConnectionsContext.largest(sessions, Dimension.HOST, 4) + "; by user: "
                + ConnectionsContext.largest(sessions, Dimension.USER, 4) + ".");
        if (limits.reserved() > 0) {
            why.add(count(limits.reserved(), "more slot") + " beyond that " + (limits.reserved() == 1 ? "is" : "are")
                    + " kept for " + limits.reservedFor() + (limits.reservedInUse() > 0 ? "; " + limits.reservedInUse() + " in use" : "")
                    + ". The count includes dbrescue's own connection.");
        }
        long idle = sessions.stream().filter(ConnectionsContext::idle).count();
        long busy = sessions.stream().filter(Session::busy).count();
        why.add(idle + " idle, " + busy + " running a statement, "
                + (sessions.size() - idle - busy) + " idle inside a transaction.");
        why.add("The other lever: " + context.advice().raiseMaxConnections(Math.max(limits.max() + 1,
                Math.round(limits.max() * 1.5))));

        List<Session> pile = largestIdlePile(sessions);
        if (pile.isEmpty()) {
            return List.of(new Finding(FindingKind.CONNECTION_LIMIT, severity, List.of(), summary, why,
                    context.advice().raiseMaxConnections(Math.max(limits.max() + 1, Math.round(limits.max() * 1.5)))));
        }
        // End at least half of the pile: those idle at least as long as its median, or --long-idle if that is sooner.
        List<Double> idleTimes = pile.stream().map(s -> s.idleSeconds() == null ? 0.0 : s.idleSeconds()).sorted().toList();
        double median = idleTimes.get((idleTimes.size() - 1) / 2);
        double minIdle = Math.floor(Math.min(median, context.options().longIdle().toMillis() / 1000.0));
        Session first = pile.get(0);
        List<Long> ids = pile.stream().filter(s -> s.idleSeconds() == null || s.idleSeconds() >= minIdle)
                .sorted(Comparator.comparing(Session::idleSeconds, Comparator.nullsFirst(Comparator.reverseOrder())))
                .map(Session::id).toList();
        why.add("First aid: end the " + count(ids.size(), "connection") + " of " + first.user() + "@" + first.host()
                + " idle " + Math.round(minIdle) + " s or more (" + count(pile.size(), "idle session") + " from there, "
                + ConnectionsContext.idleSpread(pile) + "); their pools open new ones when needed.");
        return List.of(new Finding(FindingKind.CONNECTION_LIMIT, severity, ids, summary, why,
                context.advice().endIdle(new ConnectionAdvice.IdleFilter(first.user(), first.host(), null, minIdle))));
    }

    /** The idle sessions (outside a transaction) of the user and client host with the most of them. */
    private static List<Session> largestIdlePile(List<Session> sessions) {
        Map<List<String>, List<Session>> piles = new LinkedHashMap<>();
        for (Session s : sessions) {
            if (ConnectionsContext.idle(s) && s.user() != null && s.host() != null) {
                piles.computeIfAbsent(List.of(s.user(), s.host()), k -> new ArrayList<>()).add(s);
            }
        }
        return piles.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
    }
}
