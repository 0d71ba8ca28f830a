package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.List;

/** {@code root-blocker}: a session that blocks others and waits for nothing. Ending it frees everyone behind it. */
final class RootBlockerDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Long root : context.graph().roots()) {
            List<Long> waiters = context.graph().allWaitersBehind(root);
            List<Long> ids = new ArrayList<>();
            ids.add(root);
            ids.addAll(waiters);
            String state = context.session(root).map(s -> s.idleInTransaction() ? "idle in its transaction"
                    : s.busy() ? "still running a statement" : "holding its locks").orElse("not visible to dbrescue");
            findings.add(new Finding(FindingKind.ROOT_BLOCKER, Severity.CRITICAL, ids,
                    capitalize(context.label(root)) + " blocks " + waiters.size() + (waiters.size() == 1 ? " session" : " sessions")
                            + " and waits for nothing; it is " + state + ".",
                    context.whyWaitersWait(root, 5),
                    context.terminateAction(root)));
        }
        return findings;
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
