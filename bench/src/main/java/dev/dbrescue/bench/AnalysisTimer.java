package dev.dbrescue.bench;

import dev.dbrescue.core.analysis.LocksOptions;
import dev.dbrescue.core.analysis.WaitForGraph;
import dev.dbrescue.core.analysis.finding.AnalysisContext;
import dev.dbrescue.core.analysis.finding.FindingDetector;
import dev.dbrescue.core.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the steps of {@link dev.dbrescue.core.analysis.LocksAnalysis#analyze} one by one, through the same public
 * pieces it calls (the graph, its roots and waiters, the context, each detector), on a fresh graph each run so
 * that nothing is answered from the graph's cache of an earlier run.
 */
final class AnalysisTimer {

    private AnalysisTimer() {
    }

    static Map<String, Stats> time(Snapshot snapshot, LocksOptions options, int warmup, int runs) {
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        for (int i = 0; i < warmup + runs; i++) {
            Map<String, Long> one = new LinkedHashMap<>();
            long t = System.nanoTime();
            WaitForGraph graph = new WaitForGraph(snapshot.waits());
            for (Long root : graph.roots()) {
                graph.allWaitersBehind(root);
            }
            t = lap(one, "wait-for graph, roots and their waiters", t);
            AnalysisContext context = AnalysisContext.of(snapshot, graph, options);
            t = lap(one, "context (sessions by id)", t);
            for (FindingDetector detector : FindingDetector.all()) {
                detector.detect(context);
                t = lap(one, detector.getClass().getSimpleName(), t);
            }
            if (i >= warmup) {
                one.forEach((step, n) -> nanos.computeIfAbsent(step, k -> new ArrayList<>()).add(n));
            }
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        nanos.forEach((step, list) -> stats.put(step, Stats.ofNanos(list)));
        return stats;
    }

    private static long lap(Map<String, Long> laps, String step, long since) {
        long now = System.nanoTime();
        laps.merge(step, now - since, Long::sum);
        return now;
    }
}
