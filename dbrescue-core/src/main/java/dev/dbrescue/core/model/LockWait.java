package dev.dbrescue.core.model;

/**
 * One edge of the wait-for graph: {@code waiter} cannot go on until {@code blocker} releases or gives up a lock.
 *
 * @param requested   the lock the waiter asked for
 * @param blocking    the lock the blocker holds (HARD) or has queued (QUEUED), null when the server does not say
 * @param waitSeconds how long the waiter has waited, null when unknown
 */
public record LockWait(long waiterId, long blockerId, WaitKind kind, LockRef requested, LockRef blocking, Double waitSeconds) {
}
