package dev.dbrescue.core.connections;

import java.util.List;
import java.util.Optional;

/**
 * How many connections a server allows and has, and its counters and idle timeouts, read by an engine's
 * {@link dev.dbrescue.core.spi.ConnectionsReader}. Counters the engine does not keep are null.
 *
 * @param used            client connections the server counts now, dbrescue's own included (MySQL/MariaDB
 *                        Threads_connected; PostgreSQL client backends in pg_stat_activity)
 * @param max             the connections an ordinary account may have (MySQL/MariaDB max_connections; PostgreSQL
 *                        max_connections less superuser_reserved_connections and, from 16, reserved_connections)
 * @param reserved        further slots only privileged accounts may use (MySQL/MariaDB: 1, for SUPER or CONNECTION
 *                        ADMIN; PostgreSQL: the reserved connections), so that the server is full at max + reserved
 * @param reservedFor     who may use the reserved slots, in words
 * @param maxConnections  the max_connections setting as the server has it
 * @param maxUsed         the most connections at once since the server started (MySQL/MariaDB Max_used_connections)
 * @param refused         connections refused because the server was full (MySQL/MariaDB
 *                        Connection_errors_max_connections); PostgreSQL keeps no such counter
 * @param abortedConnects failed connection attempts of any cause (MySQL/MariaDB Aborted_connects)
 * @param uptimeSeconds   how long the server has run, the counters' age
 * @param timeouts        the idle timeouts the server has, in the order they are shown
 */
public record ConnectionLimits(long used, long max, long reserved, String reservedFor, long maxConnections,
                               Long maxUsed, Long refused, Long abortedConnects, Long uptimeSeconds,
                               List<IdleTimeout> timeouts) {

    public ConnectionLimits {
        timeouts = List.copyOf(timeouts);
    }

    /** Connections an ordinary account can still open: 0 when the server is full for them. */
    public long left() {
        return Math.max(0, max - used);
    }

    /** used / max; above 1 when privileged accounts hold reserved slots. */
    public double usedRatio() {
        return max <= 0 ? 1.0 : (double) used / max;
    }

    /** Reserved slots taken (necessarily by privileged accounts). */
    public long reservedInUse() {
        return Math.max(0, Math.min(reserved, used - max));
    }

    /** "98%": rounded, but never 100% while a connection is left, nor below 100% when none is. */
    public String usedPercent() {
        long percent = Math.round(usedRatio() * 100);
        if (used < max) {
            percent = Math.min(99, percent);
        } else {
            percent = Math.max(100, percent);
        }
        return percent + "%";
    }

    public Optional<IdleTimeout> timeout(IdleTimeout.Applies applies) {
        return timeouts.stream().filter(t -> t.applies() == applies).findFirst();
    }
}
