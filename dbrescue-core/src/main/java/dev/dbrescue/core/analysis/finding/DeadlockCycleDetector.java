package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code deadlock-cycle}: sessions waiting for each other in a circle, still present. The servers break cycles
 * themselves (InnoDB at once, PostgreSQL after deadlock_timeout), so a live cycle means detection is off
 * (innodb_deadlock_detect=OFF) or deadlock_timeout has not passed yet; without help they wait for the lock timeout.
 */
final class DeadlockCycleDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (List<Long> cycle : context.graph().cycles()) {
            // Suggest the victim a server would choose: the transaction that changed the fewest rows, then the youngest.
            List<Long> ordered = new ArrayList<>(cycle);
            ordered.sort(Comparator.comparingLong((Long id) -> rowsModified(context, id))
                    .thenComparingDouble(id -> transactionSeconds(context, id)));
            long victim = ordered.get(0);
            List<String> why = new ArrayList<>();
            for (Long id : cycle) {
                for (LockWait wait : context.graph().waitsOf(id)) {
                    if (cycle.contains(wait.blockerId())) {
                        why.add(context.semantics().explain(wait));
                        break;
                    }
                }
            }
            why.add("No session in the circle can go on until one gives up. Ending " + context.label(victim)
                    + " (the cheapest to roll back) lets the others finish.");
            findings.add(new Finding(FindingKind.DEADLOCK_CYCLE, Severity.CRITICAL, ordered,
                    "Deadlock: sessions " + String.join(", ", cycle.stream().map(String::valueOf).toList())
                            + " wait for each other in a cycle the server has not broken.",
                    why, context.terminateAction(victim)));
        }
        return findings;
    }

    private static long rowsModified(AnalysisContext context, long id) {
        Long rows = context.session(id).map(Session::rowsModified).orElse(null);
        return rows == null ? 0 : rows;
    }

    private static double transactionSeconds(AnalysisContext context, long id) {
        Double seconds = context.session(id).map(Session::transactionSeconds).orElse(null);
        return seconds == null ? 0 : seconds;
    }
}
