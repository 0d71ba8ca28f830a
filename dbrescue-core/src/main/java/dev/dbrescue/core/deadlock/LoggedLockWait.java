package dev.dbrescue.core.deadlock;

import java.time.Instant;
import java.util.List;

/**
 * A lock wait as PostgreSQL logs it with log_lock_waits: the {@code still waiting for} line of a process, linked
 * with its later lines ({@code acquired}, {@code detected deadlock while waiting}, {@code avoided deadlock}, a lock
 * timeout cancellation).
 *
 * @param pid         the waiting process
 * @param lock        what it waited for (mode, object)
 * @param holders     pids holding the lock ({@code Process holding the lock: 123.} / {@code Processes holding})
 * @param queue       pids waiting ahead of it ({@code Wait queue: ...})
 * @param waitedMs    how long it had waited at the last line seen, in milliseconds
 * @param outcome     {@code acquired}, {@code deadlock}, {@code avoided-deadlock}, {@code timeout}, {@code canceled},
 *                    or {@code waiting} when the log ends first
 * @param query       the statement, when logged
 */
public record LoggedLockWait(Instant startedAt, String timeText, Long pid, DeadlockLock lock, List<Long> holders,
                             List<Long> queue, Double waitedMs, String outcome, String query, String source, long line) {

    public LoggedLockWait {
        holders = List.copyOf(holders);
        queue = List.copyOf(queue);
    }
}
