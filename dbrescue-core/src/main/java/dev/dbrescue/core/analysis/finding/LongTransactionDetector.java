package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code long-transaction}: open longer than the threshold. Even when it blocks nobody yet, it holds its locks and
 * keeps old row versions alive (InnoDB history list, PostgreSQL's xmin horizon that stops VACUUM).
 */
final class LongTransactionDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        double threshold = context.options().longTransaction().toMillis() / 1000.0;
        List<Finding> findings = new ArrayList<>();
        for (Session session : context.snapshot().sessions()) {
            if (!session.inTransaction() || session.transactionSeconds() == null || session.transactionSeconds() < threshold) {
                continue;
            }
            boolean blocking = context.graph().isBlocking(session.id());
            List<String> why = new ArrayList<>();
            why.add("Open for " + Durations.seconds(session.transactionSeconds()) + " (threshold "
                    + Durations.seconds(threshold) + "), " + (session.busy() ? "running: " : "idle; last statement: ")
                    + (session.query() == null ? "not shown by the server" : Durations.oneLine(session.query(), 200)));
            why.add("A long transaction keeps its locks and old row versions until it ends; purge (InnoDB) and VACUUM"
                    + " (PostgreSQL) cannot clean up behind it.");
            findings.add(new Finding(FindingKind.LONG_TRANSACTION, blocking ? Severity.CRITICAL : Severity.WARNING,
                    List.of(session.id()),
                    RootBlockerDetector.capitalize(context.label(session.id())) + " has had a transaction open for "
                            + Durations.seconds(session.transactionSeconds()) + (blocking ? " and blocks others." : "."),
                    why, context.terminateAction(session.id())));
        }
        return findings;
    }
}
