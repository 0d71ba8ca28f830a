package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsOptions;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.Dimension;
import dev.dbrescue.core.connections.SessionGroup;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Session;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every connections detector reads: the sample, the thresholds, the previous sample's limits in a watch, the
 * wait-for graph, the groups, the engine's advice; and the leak suspects, which two detectors need.
 */
public final class ConnectionsContext {

    private final ConnectionsSnapshot snapshot;
    private final ConnectionsOptions options;
    private final ConnectionLimits previous;
    private final WaitForGraph graph;
    private final Map<Dimension, List<SessionGroup>> groups;
    private final ConnectionAdvice advice;
    private List<LeakSuspect> leakSuspects;

    public ConnectionsContext(ConnectionsSnapshot snapshot, ConnectionsOptions options, ConnectionLimits previous,
                              WaitForGraph graph, Map<Dimension, List<SessionGroup>> groups) {
        this.snapshot = snapshot;
        this.options = options;
        this.previous = previous;
        this.graph = graph;
        this.groups = groups;
        this.advice = ConnectionAdvice.of(snapshot.sessions().server());
    }

    public ConnectionsSnapshot snapshot() {
        return snapshot;
    }

    public ConnectionsOptions options() {
        return options;
    }

    /** The previous sample's limits in a watch; null for a single sample. */
    public ConnectionLimits previous() {
        return previous;
    }

    public WaitForGraph graph() {
        return graph;
    }

    public List<SessionGroup> groups(Dimension dimension) {
        return groups.getOrDefault(dimension, List.of());
    }

    public ConnectionAdvice advice() {
        return advice;
    }

    public ConnectionLimits limits() {
        return snapshot.limits();
    }

    public Engine engine() {
        return snapshot.sessions().server().engine();
    }

    /** Client sessions, dbrescue's own left out; the server's own threads too, which no timeout or pool concerns. */
    public List<Session> sessions() {
        return snapshot.sessions().sessions().stream().filter(s -> !s.system()).toList();
    }

    /** Idle outside a transaction: ending one loses nothing but the client's connection. */
    public static boolean idle(Session s) {
        return !s.busy() && !s.inTransaction();
    }

    synchronized List<LeakSuspect> leakSuspects() {
        if (leakSuspects == null) {
            leakSuspects = LeakSuspect.find(this);
        }
        return leakSuspects;
    }

    /** "session 12 (app@10.0.0.5, db shop)". */
    public static String label(Session s) {
        return dev.dbrescue.core.analysis.finding.AnalysisContext.label(s);
    }

    /** "3 sessions", "1 session". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "1 session is", "3 sessions are": the count with the words for one and for many. */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** "app 120, batch 20, and 3 more": the largest groups of some sessions in one dimension. */
    static String largest(List<Session> sessions, Dimension dimension, int limit) {
        Map<String, Long> counts = sessions.stream().collect(Collectors.groupingBy(
                s -> String.valueOf(dimension.of(s) == null ? "(none)" : dimension.of(s)), Collectors.counting()));
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
        String shown = sorted.stream().limit(limit).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return sorted.size() > limit ? shown + ", and " + (sorted.size() - limit) + " more" : shown;
    }

    /** "idle 5 min 2 s to 2 h 3 min, median 12 min 0 s". */
    static String idleSpread(List<Session> sessions) {
        List<Double> idle = sessions.stream().map(Session::idleSeconds).filter(v -> v != null).sorted().toList();
        if (idle.isEmpty()) {
            return "idle for an unknown time";
        }
        return "idle " + Durations.seconds(idle.get(0)) + " to " + Durations.seconds(idle.get(idle.size() - 1))
                + ", median " + Durations.seconds(idle.get((idle.size() - 1) / 2));
    }
}
