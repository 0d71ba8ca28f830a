package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Severity;
import dev.dbrescue.core.model.WaitKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lock-queue}: waiters held back not by a holder but by a request queued ahead of them. Seed 04: a
 * {@code LOCK TABLE} (ACCESS EXCLUSIVE) waits for an idle transaction's ACCESS SHARE, and every later SELECT queues
 * behind the LOCK TABLE although SELECTs do not conflict with each other. The root is the holder at the head.
 */
final class LockQueueDetector implements FindingDetector {

    @Override
    public List<Finding> detect(AnalysisContext context) {
        Map<Long, Set<Long>> queuedBehind = new LinkedHashMap<>();
        Map<Long, LockWait> example = new LinkedHashMap<>();
        for (LockWait wait : context.snapshot().waits()) {
            if (wait.kind() == WaitKind.QUEUED && wait.waiterId() != wait.blockerId()) {
                queuedBehind.computeIfAbsent(wait.blockerId(), k -> new LinkedHashSet<>()).add(wait.waiterId());
                example.putIfAbsent(wait.blockerId(), wait);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Long, Set<Long>> entry : queuedBehind.entrySet()) {
            long head = entry.getKey();
            // Roots that have the head of the queue behind them: usually one, the holder the queue waits for.
            List<Long> roots = context.graph().roots().stream()
                    .filter(r -> context.graph().allWaitersBehind(r).contains(head)).toList();
            Set<Long> ids = new LinkedHashSet<>(roots);
            ids.add(head);
            ids.addAll(entry.getValue());
            roots.forEach(r -> ids.addAll(context.graph().allWaitersBehind(r)));
            LockWait sample = example.get(head);
            String object = sample.requested() == null || sample.requested().object() == null ? "the same object" : sample.requested().object();
            String headMode = sample.blocking() == null ? "a conflicting lock" : sample.blocking().mode();
            String rootText = roots.isEmpty() ? "a session dbrescue cannot see"
                    : String.join(", ", roots.stream().map(context::label).toList());
            List<String> why = new ArrayList<>();
            why.add(context.semantics().explain(sample));
            context.graph().waitsOf(head).stream().filter(w -> w.kind() == WaitKind.HARD).findFirst()
                    .ifPresent(w -> why.add(context.semantics().explain(w)));
            why.add("Either end the holder at the head (" + rootText + ") or cancel the queued request of session " + head
                    + " (" + context.engine().cancelSql(head) + "): both drain the queue; cancelling leaves the holder's work intact.");
            long first = roots.isEmpty() ? head : roots.get(0);
            boolean rootIsIdle = !roots.isEmpty() && context.session(first).map(Session::idleInTransaction).orElse(false);
            findings.add(new Finding(FindingKind.LOCK_QUEUE, Severity.CRITICAL, List.copyOf(ids),
                    entry.getValue().size() + (entry.getValue().size() == 1 ? " session queues" : " sessions queue")
                            + " on " + object + " behind session " + head + "'s pending " + headMode + ", which waits for "
                            + rootText + ".",
                    why,
                    rootIsIdle ? context.terminateAction(first) : context.engine().cancelSql(head)));
        }
        return findings;
    }
}
