package dev.dbrescue.core.connections;

import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.connections.finding.ConnectionsContext;
import dev.dbrescue.core.connections.finding.ConnectionsDetector;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sample in, report out: groups the sessions once per dimension and runs every connections detector. Pure. */
public final class ConnectionsAnalysis {

    private ConnectionsAnalysis() {
    }

    public static ConnectionsReport analyze(ConnectionsSnapshot snapshot, ConnectionsOptions options) {
        return analyze(snapshot, options, null);
    }

    /**
     * @param previous the limits of the previous sample of a watch, so that counters can be read as rates; null for a
     *                 single sample
     */
    public static ConnectionsReport analyze(ConnectionsSnapshot snapshot, ConnectionsOptions options, ConnectionLimits previous) {
        List<Session> sessions = snapshot.sessions().sessions();
        Set<Long> waiting = new HashSet<>();
        snapshot.sessions().waits().forEach(w -> waiting.add(w.waiterId()));
        Map<Dimension, List<SessionGroup>> groups = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            groups.put(dimension, group(sessions, dimension, waiting));
        }
        WaitForGraph graph = new WaitForGraph(snapshot.sessions().waits());
        ConnectionsContext context = new ConnectionsContext(snapshot, options, previous, graph, groups);
        List<Finding> findings = new ArrayList<>();
        for (ConnectionsDetector detector : ConnectionsDetector.all()) {
            findings.addAll(detector.detect(context));
        }
        // Stable sort: by severity, detector order kept within a severity.
        findings.sort(Comparator.comparing(Finding::severity));
        return new ConnectionsReport(snapshot, headline(snapshot, graph), groups, findings);
    }

    /** Largest first; ties by name, unnamed last. */
    static List<SessionGroup> group(List<Session> sessions, Dimension dimension, Set<Long> waiting) {
        Map<String, List<Session>> byName = new LinkedHashMap<>();
        for (Session s : sessions) {
            byName.computeIfAbsent(dimension.of(s), k -> new ArrayList<>()).add(s);
        }
        List<SessionGroup> groups = new ArrayList<>();
        byName.forEach((name, members) -> groups.add(SessionGroup.of(name, members, waiting)));
        groups.sort(Comparator.comparingInt(SessionGroup::count).reversed()
                .thenComparing(SessionGroup::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return groups;
    }

    /**
     * "148 of 151 connections used (98%), 3 left; 120 Sleep from 10.0.0.5; 4 waiting for locks behind session 7787":
     * the numbers first, then the largest pile of sessions in one state from one host, then lock waits, which hold
     * connections as surely as a leak does (seed 04: a pool drained by SELECTs queued behind one forgotten BEGIN).
     */
    static String headline(ConnectionsSnapshot snapshot, WaitForGraph graph) {
        ConnectionLimits limits = snapshot.limits();
        StringBuilder line = new StringBuilder();
        line.append(limits.used()).append(" of ").append(limits.max()).append(" connections used (")
                .append(limits.usedPercent()).append("), ");
        if (limits.left() > 0) {
            line.append(limits.left()).append(" left");
        } else {
            line.append("none left for ordinary accounts");
            if (limits.reservedInUse() > 0) {
                line.append(", ").append(limits.reservedInUse()).append(" of ").append(limits.reserved())
                        .append(limits.reserved() == 1 ? " reserved slot" : " reserved slots").append(" in use");
            }
        }
        Map<List<String>, Integer> piles = new LinkedHashMap<>();
        for (Session s : snapshot.sessions().sessions()) {
            if (s.host() != null && s.state() != null) {
                piles.merge(List.of(s.state(), s.host()), 1, Integer::sum);
            }
        }
        piles.entrySet().stream().max(Map.Entry.comparingByValue()).filter(e -> e.getValue() > 1).ifPresent(e ->
                line.append("; ").append(e.getValue()).append(' ').append(e.getKey().get(0)).append(" from ").append(e.getKey().get(1)));
        Set<Long> waiters = new HashSet<>();
        for (LockWait w : snapshot.sessions().waits()) {
            waiters.add(w.waiterId());
        }
        if (!waiters.isEmpty()) {
            List<Long> roots = graph.roots();
            line.append("; ").append(waiters.size()).append(" waiting for locks");
            if (roots.size() == 1) {
                line.append(" behind session ").append(roots.get(0));
            } else if (roots.size() > 1) {
                line.append(" behind ").append(roots.size()).append(" root blockers");
            }
        }
        return line.toString();
    }
}
