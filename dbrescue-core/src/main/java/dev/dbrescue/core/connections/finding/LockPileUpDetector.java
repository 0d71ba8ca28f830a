package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code root-blocker}, seen from the connections: a session that blocks others and waits for nothing, unless it is
 * idle in its transaction (then {@link IdleInTransactionSessionsDetector} reports it). Every session behind it holds
 * a connection while it waits, so a lock pile-up drains pools as a leak does.
 */
final class LockPileUpDetector implements ConnectionsDetector {

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Long root : context.graph().roots()) {
            Optional<Session> session = context.snapshot().sessions().session(root);
            if (session.map(Session::idleInTransaction).orElse(false)) {
                continue;
            }
            List<Long> waiters = context.graph().allWaitersBehind(root);
            List<Long> ids = new ArrayList<>();
            ids.add(root);
            ids.addAll(waiters);
            String who = session.map(ConnectionsContext::label).orElse("session " + root);
            String doing = session.map(s -> s.busy()
                    ? "running a statement for " + Durations.seconds(s.querySeconds())
                    + (s.query() == null ? "" : ": " + Durations.oneLine(s.query(), 120))
                    : "holding its locks").orElse("not visible to dbrescue");
            findings.add(new Finding(FindingKind.ROOT_BLOCKER, Severity.CRITICAL, ids,
                    IdleInTransactionSessionsDetector.capitalize(who) + " blocks " + ConnectionsContext.count(waiters.size(), "session")
                            + ", each holding a connection while it waits; it is " + doing + ".",
                    List.of("dbrescue locks shows the blocking tree and the lock each session waits for."),
                    context.engine().terminateSql(root) + "   -- ends it; its open transaction, if any, is rolled back"));
        }
        return findings;
    }
}
