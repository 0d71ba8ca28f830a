package dev.dbrescue.core.analysis;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Snapshot;

import java.util.List;

/** The result of analysing one snapshot: what renderers and tests consume. */
public record LocksReport(Snapshot snapshot, WaitForGraph graph, List<RootBlocker> rootBlockers, List<Finding> findings) {

    public LocksReport {
        rootBlockers = List.copyOf(rootBlockers);
        findings = List.copyOf(findings);
    }

    /** True when at least one session waits for another: exit code 1. */
    public boolean blocked() {
        return !snapshot.waits().isEmpty();
    }

    public List<Finding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
