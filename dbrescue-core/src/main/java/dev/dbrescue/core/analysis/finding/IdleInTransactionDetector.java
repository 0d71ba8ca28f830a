package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code idle-in-transaction}: a blocker that runs nothing inside an open transaction, the seeds' forgotten BEGIN
 * (seed 04: a psql session left after {@code BEGIN; SELECT}). Its locks stay until COMMIT or ROLLBACK, so nothing
 * but ending the transaction helps.
 */
final class IdleInTransactionDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Session session : context.snapshot().sessions()) {
            if (!session.idleInTransaction() || !context.graph().isBlocking(session.id())) {
                continue;
            }
            List<Long> waiters = context.graph().allWaitersBehind(session.id());
            List<Long> ids = new ArrayList<>();
            ids.add(session.id());
            ids.addAll(waiters);
            List<String> why = new ArrayList<>();
            why.add("Its transaction has been open " + Durations.seconds(session.transactionSeconds()) + " and idle "
                    + Durations.seconds(session.idleSeconds()) + "; the locks it took stay until COMMIT or ROLLBACK."
                    + (session.query() == null ? "" : " Last statement: " + Durations.oneLine(session.query(), 200)));
            why.addAll(context.whyWaitersWait(session.id(), 3));
            why.add(context.engine().family() == dev.dbrescue.core.model.Engine.Family.POSTGRESQL
                    ? "Prevent it: SET idle_in_transaction_session_timeout = '60s' for interactive and application roles."
                    : "Prevent it: keep transactions short; a lower wait_timeout ends abandoned sessions (rolling them back).");
            findings.add(new Finding(FindingKind.IDLE_IN_TRANSACTION, Severity.CRITICAL, ids,
                    RootBlockerDetector.capitalize(context.label(session.id())) + " is idle in an open transaction for "
                            + Durations.seconds(session.idleSeconds()) + " and blocks " + waiters.size()
                            + (waiters.size() == 1 ? " session." : " sessions."),
                    why, context.terminateAction(session.id())));
        }
        return findings;
    }
}
