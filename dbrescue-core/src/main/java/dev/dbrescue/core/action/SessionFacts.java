package dev.dbrescue.core.action;

import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;

/**
 * What selectors look at: a session, and its place in the wait-for graph of the same snapshot.
 *
 * @param root            blocks others and waits for nothing
 * @param waitersBehind   sessions waiting behind it, directly or through others
 * @param blockingSeconds the longest any session has waited directly for it; null when nobody waits for it
 */
public record SessionFacts(Session session, boolean root, int waitersBehind, Double blockingSeconds) {

    static SessionFacts of(Session session, Snapshot snapshot, WaitForGraph graph) {
        long id = session.id();
        if (!graph.isBlocking(id)) {
            return new SessionFacts(session, false, 0, null);
        }
        Double longest = null;
        for (LockWait wait : graph.waitsFor(id)) {
            Double seconds = wait.waitSeconds();
            if (seconds == null) {
                // The server did not time the wait: the waiting statement has run at least that long.
                seconds = snapshot.session(wait.waiterId()).map(Session::querySeconds).orElse(null);
            }
            if (seconds != null && (longest == null || seconds > longest)) {
                longest = seconds;
            }
        }
        return new SessionFacts(session, !graph.isWaiting(id), graph.allWaitersBehind(id).size(), longest);
    }

    /** The same place in the graph, for the session as it is now (re-checked before acting). */
    SessionFacts withSession(Session now) {
        return new SessionFacts(now, root, waitersBehind, blockingSeconds);
    }
}
