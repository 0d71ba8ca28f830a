package dev.dbrescue.core.connections;

import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.Snapshot;

import java.util.List;

/**
 * One sample for {@code dbrescue connections}: every client session (with lock waits, as {@code locks} reads them)
 * and the server's limits and counters.
 *
 * @param sessions    the sessions and waits; client host without its port, application name where the server tells
 * @param limits      limits, counters and idle timeouts
 * @param limitations what could not be seen, the session snapshot's included
 * @param queryCount  statements the whole sample ran
 */
public record ConnectionsSnapshot(Snapshot sessions, ConnectionLimits limits, List<Limitation> limitations, int queryCount) {

    public ConnectionsSnapshot {
        limitations = List.copyOf(limitations);
    }
}
