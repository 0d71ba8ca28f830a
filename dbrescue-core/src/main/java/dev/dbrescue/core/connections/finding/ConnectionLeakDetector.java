package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code connection-leak}: a client host (or an application spread over hosts) holding {@code --leak-sessions} (10)
 * or more connections idle for {@code --long-idle} (5 min) or more. Seed 01: "Sleep が多い = コネクションリーク", 150
 * Sleep sessions averaging 300 s; a connection opened and never closed, or a pool far larger than its load.
 */
final class ConnectionLeakDetector implements ConnectionsDetector {

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        List<Finding> findings = new ArrayList<>();
        double threshold = context.options().longIdle().toMillis() / 1000.0;
        for (LeakSuspect suspect : context.leakSuspects()) {
            List<Session> sessions = suspect.longIdle();
            String what = suspect.dimension() == Dimension.HOST ? "Client host " + suspect.name() : "Application '" + suspect.name() + "'";
            List<String> why = new ArrayList<>();
            why.add("Users: " + ConnectionsContext.largest(sessions, Dimension.USER, 3) + "; "
                    + (suspect.dimension() == Dimension.HOST ? "applications: " + ConnectionsContext.largest(sessions, Dimension.APPLICATION, 3)
                    : "hosts: " + ConnectionsContext.largest(sessions, Dimension.HOST, 3))
                    + "; " + ConnectionsContext.idleSpread(sessions) + ".");
            why.add("A pool keeps the connections it does not use; a leak never gives them back. Check that every connection"
                    + " is closed (try-with-resources, with-blocks), and the pool's size, minimum idle and maximum lifetime.");
            String user = suspect.singleUser();
            ConnectionAdvice.IdleFilter filter = suspect.dimension() == Dimension.HOST
                    ? new ConnectionAdvice.IdleFilter(user, suspect.name(), null, threshold)
                    : new ConnectionAdvice.IdleFilter(user, null, suspect.name(), threshold);
            findings.add(new Finding(FindingKind.CONNECTION_LEAK, Severity.WARNING, sessions.stream().map(Session::id).toList(),
                    what + " holds " + ConnectionsContext.count(sessions.size(), "connection") + " idle for "
                            + dev.dbrescue.core.analysis.finding.Durations.seconds(threshold) + " or more (of its "
                            + suspect.total() + "): a connection leak or an oversized pool.",
                    why, context.advice().endIdle(filter)));
        }
        return findings;
    }
}
