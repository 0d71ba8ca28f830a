package dev.dbrescue.core.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything one sample of a live server showed about sessions and lock waits.
 *
 * @param ownSessionId the id of dbrescue's own monitoring session, so that it is never reported or killed
 * @param heldLocks    locks held by sessions that block others (the only ones fetched, to keep the sample cheap);
 *                     keyed by nothing: each carries its holder in {@link HeldLock#sessionId()}
 * @param queryCount   statements the sample ran, for the overhead report
 */
public record Snapshot(
        ServerInfo server,
        Instant capturedAt,
        long ownSessionId,
        List<Session> sessions,
        List<LockWait> waits,
        List<HeldLock> heldLocks,
        List<Limitation> limitations,
        int queryCount) {

    public Snapshot {
        sessions = List.copyOf(sessions);
        waits = List.copyOf(waits);
        heldLocks = List.copyOf(heldLocks);
        limitations = List.copyOf(limitations);
    }

    public java.util.Optional<Session> session(long id) {
        return sessions.stream().filter(s -> s.id() == id).findFirst();
    }

    /** A granted lock and its holder. */
    public record HeldLock(long sessionId, LockRef lock) {
    }
}
