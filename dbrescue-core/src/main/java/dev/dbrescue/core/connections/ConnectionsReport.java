package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Severity;

import java.util.List;
import java.util.Map;

/**
 * The result of analysing one connections sample: what renderers and tests consume.
 *
 * @param headline one line for an incident channel: used of allowed, what is left, the largest pile of sessions
 * @param groups   per dimension, the groups largest first
 */
public record ConnectionsReport(ConnectionsSnapshot snapshot, String headline, Map<Dimension, List<SessionGroup>> groups,
                                List<Finding> findings) {

    public ConnectionsReport {
        groups = Map.copyOf(groups);
        findings = List.copyOf(findings);
    }

    public ConnectionLimits limits() {
        return snapshot.limits();
    }

    public List<SessionGroup> groups(Dimension dimension) {
        return groups.getOrDefault(dimension, List.of());
    }

    public List<Finding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    /** True when a finding is a warning or worse: exit code 1. */
    public boolean alarming() {
        return findings.stream().anyMatch(f -> f.severity().compareTo(Severity.WARNING) <= 0);
    }
}
