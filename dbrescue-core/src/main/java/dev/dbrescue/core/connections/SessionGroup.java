package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sessions sharing one name in one dimension (user {@code app}, host {@code 10.0.0.5}, state {@code Sleep}).
 *
 * @param name               the name, null for sessions the server gives none (no database selected, no application
 *                           name, a client host that may not be seen)
 * @param count              sessions in the group
 * @param busy               running a statement
 * @param idle               idle outside a transaction
 * @param idleInTransaction  idle inside an open transaction
 * @param waiting            waiting for a lock held by another session
 * @param idleSeconds        spread of idle time over the idle sessions (in a transaction or not); null when none is idle
 * @param transactionSeconds spread of transaction age over the sessions in a transaction; null when none is
 * @param sessionIds         the sessions, in snapshot order
 */
public record SessionGroup(String name, int count, int busy, int idle, int idleInTransaction, int waiting,
                           Spread idleSeconds, Spread transactionSeconds, List<Long> sessionIds) {

    public SessionGroup {
        sessionIds = List.copyOf(sessionIds);
    }

    static SessionGroup of(String name, List<Session> sessions, Set<Long> waiting) {
        int busy = 0;
        int idle = 0;
        int idleInTransaction = 0;
        int waits = 0;
        List<Double> idleTimes = new ArrayList<>();
        List<Double> transactionTimes = new ArrayList<>();
        List<Long> ids = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            ids.add(s.id());
            if (s.busy()) {
                busy++;
            } else if (s.inTransaction()) {
                idleInTransaction++;
            } else {
                idle++;
            }
            if (waiting.contains(s.id())) {
                waits++;
            }
            if (!s.busy()) {
                idleTimes.add(s.idleSeconds());
            }
            if (s.inTransaction()) {
                transactionTimes.add(s.transactionSeconds());
            }
        }
        return new SessionGroup(name, sessions.size(), busy, idle, idleInTransaction, waits, Spread.of(idleTimes),
                Spread.of(transactionTimes), ids);
    }
}
