package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.model.Finding;
import dev.dbrescue.core.model.FindingKind;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Severity;

import java.util.List;

/** {@code blind-spot}: what the sample could not see (a missing privilege, performance_schema off), and how to let it see. */
final class ConnectionsBlindSpotDetector implements ConnectionsDetector {

    @Override
    public List<Finding> detect(ConnectionsContext context) {
        return context.snapshot().limitations().stream().map(ConnectionsBlindSpotDetector::finding).toList();
    }

    static Finding finding(Limitation limitation) {
        return new Finding(FindingKind.BLIND_SPOT, Severity.INFO, List.of(),
                "Cannot see " + limitation.what() + ": " + limitation.reason(), List.of(), limitation.remedy());
    }
}
