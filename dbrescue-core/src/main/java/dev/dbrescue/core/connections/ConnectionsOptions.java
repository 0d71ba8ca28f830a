package dev.dbrescue.core.connections;

import java.time.Duration;

/**
 * Thresholds of the connections analysis.
 *
 * @param nearLimit          used / max at or above which the server is near its limit (a warning; critical at 95%
 *                           or with nothing left)
 * @param idleInTransaction  a session idle inside a transaction longer than this is an {@code idle-in-transaction}
 *                           finding even when it blocks nobody (one that blocks others always is)
 * @param longIdle           a session idle longer than this counts towards a {@code connection-leak}
 * @param leakSessions       this many long-idle sessions from one client host or application make a leak suspect
 */
public record ConnectionsOptions(double nearLimit, Duration idleInTransaction, Duration longIdle, int leakSessions) {

    public static ConnectionsOptions defaults() {
        // 80%: the seed's alert threshold (Threads_connected / max_connections > 0.8); 5 min: the seed's
        // "Sleep AND time > 300" query for connections to end.
        return new ConnectionsOptions(0.8, Duration.ofSeconds(60), Duration.ofMinutes(5), 10);
    }

    public ConnectionsOptions withNearLimit(double ratio) {
        return new ConnectionsOptions(ratio, idleInTransaction, longIdle, leakSessions);
    }

    public ConnectionsOptions withIdleInTransaction(Duration threshold) {
        return new ConnectionsOptions(nearLimit, threshold, longIdle, leakSessions);
    }

    public ConnectionsOptions withLongIdle(Duration threshold) {
        return new ConnectionsOptions(nearLimit, idleInTransaction, threshold, leakSessions);
    }

    public ConnectionsOptions withLeakSessions(int sessions) {
        return new ConnectionsOptions(nearLimit, idleInTransaction, longIdle, sessions);
    }
}
