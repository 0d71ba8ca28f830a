package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code idle-in-transaction}: sessions that run nothing inside an open transaction. One that blocks others is
 * critical whatever its age: every session queued behind it holds a connection too (seed 04: a forgotten
 * {@code BEGIN; SELECT}, a LOCK TABLE behind it, and the application's pool drained by SELECTs queued behind that).
 * The others count once they have been idle longer than {@code --idle-in-transaction}, as one warning.
 */
final class IdleInTransactionSessionsDetector implements ConnectionsDetector {

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        List<Finding> findings = new ArrayList<>();
        double threshold = context.options().idleInTransaction().toMillis() / 1000.0;
        List<Session> idleLong = new ArrayList<>();
        for (Session s : context.sessions()) {
            if (!s.idleInTransaction()) {
                continue;
            }
            if (context.graph().isBlocking(s.id())) {
                findings.add(blocking(context, s));
            } else if (s.idleSeconds() != null && s.idleSeconds() >= threshold) {
                idleLong.add(s);
            }
        }
        if (!idleLong.isEmpty()) {
            idleLong.sort(Comparator.comparing(Session::idleSeconds).reversed());
            Session longest = idleLong.get(0);
            List<String> why = new ArrayList<>();
            why.add("Longest: " + ConnectionsContext.label(longest) + ", transaction open " + Durations.seconds(longest.transactionSeconds())
                    + (longest.query() == null ? "" : ", last statement: " + Durations.oneLine(longest.query(), 160)) + ".");
            why.add("By client host: " + ConnectionsContext.largest(idleLong, Dimension.HOST, 4) + "; by application: "
                    + ConnectionsContext.largest(idleLong, Dimension.APPLICATION, 4) + ".");
            why.add("Each keeps its connection, its locks and its snapshot until COMMIT or ROLLBACK: the next DDL or LOCK TABLE"
                    + " on a table it read queues behind it, and everything after that queues too.");
            findings.add(new Finding(FindingKind.IDLE_IN_TRANSACTION, Severity.WARNING, idleLong.stream().map(Session::id).toList(),
                    ConnectionsContext.count(idleLong.size(), "session") + (idleLong.size() == 1 ? " is" : " are")
                            + " idle in an open transaction for " + Durations.seconds(threshold) + " or more (up to "
                            + Durations.seconds(longest.idleSeconds()) + ").",
                    why, context.advice().endIdleInTransaction(threshold)));
        }
        return findings;
    }

    private static Finding blocking(ConnectionsContext context, Session s) {
        List<Long> waiters = context.graph().allWaitersBehind(s.id());
        List<Long> ids = new ArrayList<>();
        ids.add(s.id());
        ids.addAll(waiters);
        List<String> why = new ArrayList<>();
        why.add("Its transaction has been open " + Durations.seconds(s.transactionSeconds()) + "; the locks it took stay until"
                + " COMMIT or ROLLBACK." + (s.query() == null ? "" : " Last statement: " + Durations.oneLine(s.query(), 160)));
        why.add("The " + ConnectionsContext.count(waiters.size(), "session") + " behind it hold their connections while they wait;"
                + " dbrescue locks shows the blocking tree and the lock each waits for.");
        String summary = capitalize(ConnectionsContext.label(s)) + " is idle in an open transaction for "
                + Durations.seconds(s.idleSeconds()) + " and blocks " + ConnectionsContext.count(waiters.size(), "session") + ".";
        return new Finding(FindingKind.IDLE_IN_TRANSACTION, Severity.CRITICAL, ids, summary, why,
                context.engine().terminateSql(s.id()) + "   -- rolls back its open transaction");
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
