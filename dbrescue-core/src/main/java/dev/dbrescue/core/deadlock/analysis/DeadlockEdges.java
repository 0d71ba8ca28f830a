package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rebuilds the cycle: who waits for whom. A waiting lock is matched to another transaction's held lock on the same
 * table, index and record (same object text, or same first record field). When the report does not print the
 * holder's lock (MySQL before 8.0.18 prints HOLDS only for the second transaction; MariaDB prints what the lock
 * conflicts with), the edge follows the report's order, which is the cycle's order: (1) waits for (2), ..., the
 * last for (1).
 */
public final class DeadlockEdges {

    private DeadlockEdges() {
    }

    public static List<WaitEdge> of(Deadlock deadlock) {
        List<DeadlockTransaction> trx = deadlock.transactions();
        List<WaitEdge> edges = new ArrayList<>();
        for (int i = 0; i < trx.size(); i++) {
            DeadlockLock wanted = trx.get(i).waitingFor();
            if (wanted == null) {
                continue;
            }
            WaitEdge found = null;
            for (int j = 0; j < trx.size() && found == null; j++) {
                if (j == i) {
                    continue;
                }
                for (DeadlockLock held : trx.get(j).holds()) {
                    if (sameLockedThing(wanted, held)) {
                        found = new WaitEdge(i, j, wanted, held, false);
                        break;
                    }
                }
            }
            if (found == null && trx.size() > 1) {
                found = new WaitEdge(i, (i + 1) % trx.size(), wanted, null, true);
            }
            if (found != null) {
                edges.add(found);
            }
        }
        return edges;
    }

    static boolean sameLockedThing(DeadlockLock a, DeadlockLock b) {
        // An object name (PostgreSQL "transaction 728", InnoDB space/page/heap) identifies the lock by itself; the
        // table beside it may be known on one side only (PostgreSQL names it from the waiter's CONTEXT line).
        if (a.object() != null && b.object() != null) {
            return a.object().equals(b.object()) && (a.index() == null || b.index() == null || a.index().equals(b.index()));
        }
        if (!Objects.equals(a.table(), b.table()) || !Objects.equals(a.index(), b.index())) {
            return false;
        }
        if (!a.fields().isEmpty() && !b.fields().isEmpty()) {
            return Objects.equals(a.fields().get(0).hex(), b.fields().get(0).hex());
        }
        return a.supremum() == b.supremum();
    }
}
