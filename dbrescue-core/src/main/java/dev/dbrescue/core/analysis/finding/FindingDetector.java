package dev.dbrescue.core.analysis.finding;

import dev.dbrescue.core.model.Finding;

import java.util.List;

/** One kind of finding. Pure: reads the context, returns findings, prints nothing. */
public interface FindingDetector {

    List<Finding> detect(AnalysisContext context);

    /** All detectors, in the order their findings are listed at equal severity. */
    static List<FindingDetector> all() {
        return List.of(new DeadlockCycleDetector(), new IdleInTransactionDetector(), new LockQueueDetector(),
                new RootBlockerDetector(), new LockConvoyDetector(), new UnindexedLockScanDetector(),
                new LongTransactionDetector(), new BlindSpotDetector());
    }
}
