package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Turns the metadata lock tickets of some objects into wait edges, the way the MDL subsystem decides
 * (MDL_lock::can_grant_lock in sql/mdl.cc):
 * <ul>
 *   <li>a pending request waits HARD for every other session holding a granted lock on the same object whose type
 *       conflicts with it (granted matrix);</li>
 *   <li>and QUEUED behind every other session with a pending request on the same object that has priority over it
 *       (waiting matrix), e.g. SHARED_READ requests behind a pending LOCK TABLE ... WRITE (SHARED_NO_READ_WRITE) or
 *       ALTER (EXCLUSIVE), even though SHARED_READ is compatible with the SHARED_READ already granted.</li>
 * </ul>
 * Pure: no SQL here.
 */
final class MdlQueue {

    private MdlQueue() {
    }

    /**
     * @param locks       granted and pending tickets, any objects
     * @param waitSeconds how long a session has waited (its statement time), or null
     */
    static WaitEdges waits(List<MdlLock> locks, LongFunction<Double> waitSeconds) {
        Map<MdlLock.Key, List<MdlLock>> byObject = new LinkedHashMap<>();
        for (MdlLock lock : locks) {
            byObject.computeIfAbsent(lock.key(), k -> new ArrayList<>()).add(lock);
        }
        WaitEdges edges = new WaitEdges();
        for (List<MdlLock> tickets : byObject.values()) {
            for (MdlLock request : tickets) {
                if (request.granted()) {
                    continue;
                }
                LockRef requested = request.toLockRef();
                Double waited = waitSeconds.apply(request.sessionId());
                for (MdlLock other : tickets) {
                    if (other.sessionId() == request.sessionId()) {
                        continue; // a session's own tickets never block it (an upgrade waits for the others)
                    }
                    if (other.granted() && MdlCompatibility.conflictsWithGranted(request.objectType(), request.mode(), other.mode())) {
                        LockRef blocking = other.toLockRef();
                        edges.addWait(new LockWait(request.sessionId(), other.sessionId(), WaitKind.HARD, requested, blocking, waited));
                        edges.addHeld(new HeldLock(other.sessionId(), blocking));
                    } else if (!other.granted() && MdlCompatibility.yieldsToPending(request.objectType(), request.mode(), other.mode())) {
                        edges.addWait(new LockWait(request.sessionId(), other.sessionId(), WaitKind.QUEUED, requested,
                                other.toLockRef(), waited));
                    }
                }
            }
        }
        return edges;
    }
}
