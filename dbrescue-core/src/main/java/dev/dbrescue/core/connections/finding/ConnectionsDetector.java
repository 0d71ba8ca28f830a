package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.model.Finding;

import java.util.List;

/** One kind of connections finding. Pure: reads the context, returns findings, prints nothing. */
public interface ConnectionsDetector {

    List<Finding> detect(ConnectionsContext context);

    /** All detectors, in the order their findings are listed at equal severity. */
    static List<ConnectionsDetector> all() {
        return List.of(new ConnectionLimitDetector(), new RefusedConnectionsDetector(), new IdleInTransactionSessionsDetector(),
                new LockPileUpDetector(), new ConnectionLeakDetector(), new IdlePastTimeoutDetector(),
                new MissingTimeoutDetector(), new PoolSizingDetector(), new ConnectionsBlindSpotDetector());
    }
}
