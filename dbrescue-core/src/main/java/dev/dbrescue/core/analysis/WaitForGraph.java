package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.LockWait;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom, built once per snapshot and shared by every finding. An edge goes from waiter to blocker.
 * Edge order follows the snapshot, so the output is stable. Not thread-safe: one analysis, one thread.
 */
public final class WaitForGraph {

    private final Map<Long, List<LockWait>> blockedBy = new LinkedHashMap<>();
    private final Map<Long, List<LockWait>> blocking = new LinkedHashMap<>();
    /** Detectors ask the same questions about the same roots: answer each once. */
    private final Map<Long, List<Long>> waitersBehind = new HashMap<>();
    private List<Long> roots;

    public WaitForGraph(List<LockWait> waits) {
        for (LockWait wait : waits) {
            if (wait.waiterId() == wait.blockerId()) {
                continue; // a session never waits for itself; the server reports its own granted lock beside its request
            }
            blockedBy.computeIfAbsent(wait.waiterId(), k -> new ArrayList<>()).add(wait);
            blocking.computeIfAbsent(wait.blockerId(), k -> new ArrayList<>()).add(wait);
        }
    }

    /** The edges on which this session waits. */
    public List<LockWait> waitsOf(long sessionId) {
        return blockedBy.getOrDefault(sessionId, List.of());
    }

    /** The edges on which others wait for this session. */
    public List<LockWait> waitsFor(long sessionId) {
        return blocking.getOrDefault(sessionId, List.of());
    }

    public boolean isWaiting(long sessionId) {
        return blockedBy.containsKey(sessionId);
    }

    public boolean isBlocking(long sessionId) {
        return blocking.containsKey(sessionId);
    }

    /** Distinct direct waiters of a session, in snapshot order. */
    public List<Long> directWaiters(long sessionId) {
        Set<Long> ids = new LinkedHashSet<>();
        waitsFor(sessionId).forEach(w -> ids.add(w.waiterId()));
        return List.copyOf(ids);
    }

    /** Distinct direct blockers of a session, in snapshot order. */
    public List<Long> directBlockers(long sessionId) {
        Set<Long> ids = new LinkedHashSet<>();
        waitsOf(sessionId).forEach(w -> ids.add(w.blockerId()));
        return List.copyOf(ids);
    }

    /** Every session waiting behind this one, directly or through others, breadth first. */
    public List<Long> allWaitersBehind(long sessionId) {
        return waitersBehind.computeIfAbsent(sessionId, this::collectWaitersBehind);
    }

    private List<Long> collectWaitersBehind(long sessionId) {
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> queue = new ArrayDeque<>(directWaiters(sessionId));
        while (!queue.isEmpty()) {
            long next = queue.removeFirst();
            if (next != sessionId && seen.add(next)) {
                queue.addAll(directWaiters(next));
            }
        }
        return List.copyOf(seen);
    }

    /** Sessions that block others and wait for nothing, in snapshot order. */
    public List<Long> roots() {
        if (roots == null) {
            List<Long> found = new ArrayList<>();
            for (Long blocker : blocking.keySet()) {
                if (!isWaiting(blocker)) {
                    found.add(blocker);
                }
            }
            roots = List.copyOf(found);
        }
        return roots;
    }

    /** Cycles of waiting sessions (strongly connected components of two or more), each in a stable order. */
    public List<List<Long>> cycles() {
        return new Tarjan().run();
    }

    /** Tarjan's strongly connected components, iterative to survive chains of thousands of sessions. */
    private final class Tarjan {
        private final Map<Long, Integer> index = new HashMap<>();
        private final Map<Long, Integer> low = new HashMap<>();
        private final Deque<Long> stack = new ArrayDeque<>();
        private final Set<Long> onStack = new java.util.HashSet<>();
        private final List<List<Long>> components = new ArrayList<>();
        private int counter;

        List<List<Long>> run() {
            for (Long node : blockedBy.keySet()) {
                if (!index.containsKey(node)) {
                    strongConnect(node);
                }
            }
            return components;
        }

        private void strongConnect(long start) {
            Deque<long[]> work = new ArrayDeque<>(); // {node, next edge position}
            visit(start);
            work.push(new long[]{start, 0});
            while (!work.isEmpty()) {
                long[] frame = work.peek();
                long node = frame[0];
                List<Long> next = directBlockers(node);
                if (frame[1] < next.size()) {
                    long target = next.get((int) frame[1]++);
                    if (!index.containsKey(target)) {
                        visit(target);
                        work.push(new long[]{target, 0});
                    } else if (onStack.contains(target)) {
                        low.put(node, Math.min(low.get(node), index.get(target)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    long parent = work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    List<Long> component = new ArrayList<>();
                    long member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (member != node);
                    if (component.size() > 1) {
                        Collections.sort(component);
                        components.add(List.copyOf(component));
                    }
                }
            }
        }

        private void visit(long node) {
            index.put(node, counter);
            low.put(node, counter);
            counter++;
            stack.push(node);
            onStack.add(node);
        }
    }
}
