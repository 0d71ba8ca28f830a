package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.DeadlockLock;

/**
 * In one deadlock: transaction {@code waiter} waits for {@code lock}, which transaction {@code holder} holds.
 * Indexes are positions in {@link dev.dbrescue.core.deadlock.Deadlock#transactions()}.
 *
 * @param inferred true when the report does not list the holder's lock and the edge follows the cycle order
 */
public record WaitEdge(int waiter, int holder, DeadlockLock lock, DeadlockLock heldAs, boolean inferred) {
}
