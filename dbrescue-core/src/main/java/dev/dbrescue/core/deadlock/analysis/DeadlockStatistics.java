package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts over many deadlocks for {@code dbrescue deadlocks report}: by pattern, table, index, statement fingerprint,
 * hour, and the pairs of statements that deadlock together. Memory grows with the number of distinct keys only.
 */
public final class DeadlockStatistics {

    /** One counted key, with an example to show. */
    public record Count(String key, long count, String example) {
    }

    private long total;
    private Instant first;
    private Instant last;
    private final Map<String, long[]> patterns = new HashMap<>();
    private final Map<String, long[]> tables = new HashMap<>();
    private final Map<String, long[]> indexes = new HashMap<>();
    private final Map<String, long[]> statements = new HashMap<>();
    private final Map<String, String> statementExamples = new HashMap<>();
    private final Map<String, long[]> pairs = new HashMap<>();
    private final TreeMap<String, long[]> hours = new TreeMap<>();

    public void add(AnalyzedDeadlock analyzed) {
        Deadlock d = analyzed.deadlock();
        total++;
        if (d.detectedAt() != null) {
            first = first == null || d.detectedAt().isBefore(first) ? d.detectedAt() : first;
            last = last == null || d.detectedAt().isAfter(last) ? d.detectedAt() : last;
            bump(hours, d.detectedAt().truncatedTo(ChronoUnit.HOURS).toString());
        }
        bump(patterns, analyzed.pattern().jsonName());
        Set<String> seenTables = new LinkedHashSet<>();
        Set<String> seenIndexes = new LinkedHashSet<>();
        List<String> fingerprints = new ArrayList<>();
        // each statement fingerprinted once, also for the pairs below (it is most of the cost of a deadlock here)
        String[] byTransaction = new String[d.transactions().size()];
        for (int i = 0; i < byTransaction.length; i++) {
            DeadlockTransaction t = d.transactions().get(i);
            DeadlockLock lock = t.waitingFor();
            if (lock != null && lock.table() != null) {
                seenTables.add(lock.table());
                if (lock.index() != null) {
                    seenIndexes.add(lock.table() + "." + lock.index());
                }
            }
            String fingerprint = QueryFingerprint.of(t.query());
            byTransaction[i] = fingerprint;
            if (fingerprint != null) {
                fingerprints.add(fingerprint);
                statementExamples.putIfAbsent(fingerprint, t.query());
            }
        }
        seenTables.forEach(t -> bump(tables, t));
        seenIndexes.forEach(i -> bump(indexes, i));
        new LinkedHashSet<>(fingerprints).forEach(f -> bump(statements, f));
        for (WaitEdge e : analyzed.edges()) {
            String a = byTransaction[e.waiter()];
            String b = byTransaction[e.holder()];
            if (a != null && b != null) {
                bump(pairs, a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a);
            }
        }
    }

    public long total() {
        return total;
    }

    public Instant first() {
        return first;
    }

    public Instant last() {
        return last;
    }

    public List<Count> byPattern() {
        return top(patterns, null, Integer.MAX_VALUE);
    }

    public List<Count> byTable(int limit) {
        return top(tables, null, limit);
    }

    public List<Count> byIndex(int limit) {
        return top(indexes, null, limit);
    }

    public List<Count> byStatement(int limit) {
        return top(statements, statementExamples, limit);
    }

    /** Pairs of statement fingerprints, joined by a newline, most frequent first. */
    public List<Count> byStatementPair(int limit) {
        return top(pairs, null, limit);
    }

    /** Deadlocks per hour (UTC), in time order. */
    public List<Count> byHour() {
        List<Count> out = new ArrayList<>();
        hours.forEach((hour, n) -> out.add(new Count(hour, n[0], null)));
        return out;
    }

    private static void bump(Map<String, long[]> map, String key) {
        map.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    private static List<Count> top(Map<String, long[]> map, Map<String, String> examples, int limit) {
        return map.entrySet().stream()
                .sorted((x, y) -> x.getValue()[0] != y.getValue()[0] ? Long.compare(y.getValue()[0], x.getValue()[0])
                        : x.getKey().compareTo(y.getKey()))
                .limit(limit)
                .map(e -> new Count(e.getKey(), e.getValue()[0], examples == null ? null : examples.get(e.getKey())))
                .toList();
    }
}
