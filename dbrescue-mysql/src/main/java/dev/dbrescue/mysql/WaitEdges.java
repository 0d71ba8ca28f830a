package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Wait edges and the granted locks behind them, as one source found them; duplicates collapse (a session may hold
 * several tickets of the same lock, e.g. statement and transaction duration).
 */
final class WaitEdges {

    private final Set<LockWait> waits = new LinkedHashSet<>();
    private final Set<HeldLock> held = new LinkedHashSet<>();

    void addWait(LockWait wait) {
        if (wait.waiterId() != wait.blockerId()) {
            waits.add(wait);
        }
    }

    void addHeld(HeldLock lock) {
        held.add(lock);
    }

    void addAll(WaitEdges other) {
        waits.addAll(other.waits);
        held.addAll(other.held);
    }

    List<LockWait> waits() {
        return List.copyOf(waits);
    }

    List<HeldLock> held() {
        return List.copyOf(held);
    }
}
