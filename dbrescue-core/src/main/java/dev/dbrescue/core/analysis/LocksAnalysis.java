package dev.dbrescue.core.analysis;

import dev.dbrescue.core.analysis.finding.AnalysisContext;
import dev.dbrescue.core.analysis.finding.FindingDetector;
import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Snapshot in, report out: builds the wait-for graph once and runs every finding detector on it. Pure. */
public final class LocksAnalysis {

    private LocksAnalysis() {
    }

    public static LocksReport analyze(Snapshot snapshot, LocksOptions options) {
        WaitForGraph graph = new WaitForGraph(snapshot.waits());
        List<RootBlocker> roots = new ArrayList<>();
        for (Long root : graph.roots()) {
            roots.add(new RootBlocker(root, graph.allWaitersBehind(root)));
        }
        // Most waiters first: the root to deal with first heads the list.
        roots.sort(Comparator.comparingInt((RootBlocker r) -> r.waiters().size()).reversed());
        AnalysisContext context = AnalysisContext.of(snapshot, graph, options);
        List<Finding> findings = new ArrayList<>();
        for (FindingDetector detector : FindingDetector.all()) {
            findings.addAll(detector.detect(context));
        }
        // Stable sort: by severity, detector order kept within a severity.
        findings.sort(Comparator.comparing(Finding::severity));
        return new LocksReport(snapshot, graph, roots, findings);
    }
}
