package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.Snapshot;

import java.util.ArrayList;
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
        return new LocksReport(snapshot, graph, roots, List.of());
    }
}
