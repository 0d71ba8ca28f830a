package dev.dbrescue.core.analysis;

import java.time.Duration;

/**
 * Thresholds of the lock analysis.
 *
 * @param longTransaction       a transaction open longer than this is a {@code long-transaction}
 * @param convoyWaiters         this many waiters or more on one lock make a {@code lock-convoy}
 * @param unindexedLockRatio    row locks held per row modified above which a transaction is an {@code unindexed-lock-scan}
 * @param unindexedMinRowLocks  fewer row locks than this are never an {@code unindexed-lock-scan}, whatever the ratio
 */
public record LocksOptions(Duration longTransaction, int convoyWaiters, double unindexedLockRatio, long unindexedMinRowLocks) {

    public static LocksOptions defaults() {
        return new LocksOptions(Duration.ofSeconds(60), 5, 10.0, 10);
    }

    public LocksOptions withLongTransaction(Duration threshold) {
        return new LocksOptions(threshold, convoyWaiters, unindexedLockRatio, unindexedMinRowLocks);
    }

    public LocksOptions withConvoyWaiters(int waiters) {
        return new LocksOptions(longTransaction, waiters, unindexedLockRatio, unindexedMinRowLocks);
    }
}
