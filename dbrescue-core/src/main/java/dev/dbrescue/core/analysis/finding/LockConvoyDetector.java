package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code lock-convoy}: many sessions waiting for the same lock. Seed 02: one transaction's unique-key collision left
 * a next-key lock on the PRIMARY supremum pseudo-record, and every new auto-increment INSERT queued on it; at one
 * collision every two seconds, thousands of inserts piled up.
 */
final class LockConvoyDetector implements FindingDetector {

    /** The lock being waited for, without the mode (inserts and updates can queue on the same key). */
    private record LockKey(String type, String object, String index, String lockData) {
        static LockKey of(LockRef lock) {
            return new LockKey(lock.type(), lock.object(), lock.index(), lock.lockData());
        }
    }

    @Override
    public List<Finding> detect(AnalysisContext context) {
        Map<LockKey, Set<Long>> waitersByLock = new LinkedHashMap<>();
        Map<LockKey, Map<Long, Integer>> blockerVotes = new LinkedHashMap<>();
        Map<LockKey, LockWait> example = new LinkedHashMap<>();
        for (LockWait wait : context.snapshot().waits()) {
            if (wait.requested() == null) {
                continue;
            }
            LockKey key = LockKey.of(wait.requested());
            waitersByLock.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(wait.waiterId());
            blockerVotes.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(wait.blockerId(), 1, Integer::sum);
            example.putIfAbsent(key, wait);
        }
        List<Finding> findings = new ArrayList<>();
        waitersByLock.forEach((key, waiters) -> {
            if (waiters.size() < context.options().convoyWaiters()) {
                return;
            }
            // The holder is the blocker that is not itself one of the waiters, most named first.
            long holder = blockerVotes.get(key).entrySet().stream()
                    .filter(e -> !waiters.contains(e.getKey()))
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(example.get(key).blockerId());
            List<Long> ids = new ArrayList<>();
            ids.add(holder);
            waiters.stream().filter(w -> !Objects.equals(w, holder)).forEach(ids::add);
            LockRef lock = example.get(key).requested();
            List<String> why = new ArrayList<>();
            why.add(context.semantics().explain(example.get(key)));
            why.add("While " + context.label(holder) + " keeps its transaction open, every new request for this lock joins"
                    + " the queue; connection pools drain as the queue grows.");
            findings.add(new Finding(FindingKind.LOCK_CONVOY, Severity.CRITICAL, ids,
                    (ids.size() - 1) + " sessions wait for the same lock on " + lock.describeObject() + ", held by "
                            + context.label(holder) + ".",
                    why, context.terminateAction(holder)));
        });
        return findings;
    }
}
