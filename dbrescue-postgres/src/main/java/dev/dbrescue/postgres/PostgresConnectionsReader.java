package dev.dbrescue.postgres;

import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.ConnectionsReader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dbrescue connections} on PostgreSQL 10+: the lock snapshot's statements (1 on a quiet server, see
 * {@link PostgresLockSnapshotReader}; it already has application names and client addresses without ports) plus one
 * statement for the client backends counted against max_connections and the settings, readable by every role.
 * <p>
 * Only client backends take a max_connections slot: WAL senders, autovacuum and background workers have their own
 * (https://www.postgresql.org/docs/current/runtime-config-connection.html). Ordinary roles get max_connections less
 * superuser_reserved_connections and, from 16, reserved_connections (for pg_use_reserved_connections). The timeouts
 * are read as {@code reset_val}: the value a new session of this role and database gets, not dbrescue's own session's
 * (which sets idle_in_transaction_session_timeout for itself). PostgreSQL counts neither its peak nor its refusals
 * ("sorry, too many clients already" is only logged), so those stay null.
 */
public final class PostgresConnectionsReader implements ConnectionsReader {

    /**
     * A backend whose type we may not see (another role's, without pg_read_all_stats) is counted when it has a
     * database, as the snapshot reader counts it: client backends and logical WAL senders do. pg_settings is read
     * once (the view computes every setting whatever the WHERE); a setting this version lacks gives NULL.
     */
    static final String LIMITS_SQL = """
            SELECT (SELECT count(*) FROM pg_stat_activity
                    WHERE backend_type = 'client backend' OR (backend_type IS NULL AND datid IS NOT NULL)) AS used,
                   max(setting) FILTER (WHERE name = 'max_connections') AS max_connections,
                   max(setting) FILTER (WHERE name = 'superuser_reserved_connections') AS superuser_reserved,
                   max(setting) FILTER (WHERE name = 'reserved_connections') AS reserved,
                   max(reset_val) FILTER (WHERE name = 'idle_in_transaction_session_timeout') AS idle_in_transaction_ms,
                   max(reset_val) FILTER (WHERE name = 'idle_session_timeout') AS idle_session_ms,
                   extract(epoch FROM now() - pg_postmaster_start_time())::bigint AS uptime
            FROM pg_settings
            WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections',
                           'idle_in_transaction_session_timeout', 'idle_session_timeout')
            """;

    private final PostgresLockSnapshotReader sessions;

    public PostgresConnectionsReader(ServerInfo server) {
        this.sessions = new PostgresLockSnapshotReader(server);
    }

    @Override
    public ConnectionsSnapshot read(Connection connection) throws SQLException {
        Snapshot snapshot = sessions.read(connection);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(LIMITS_SQL)) {
            rs.next();
            long maxConnections = Long.parseLong(rs.getString("max_connections"));
            long superuserReserved = Long.parseLong(rs.getString("superuser_reserved"));
            String reservedSetting = rs.getString("reserved");
            long reserved = reservedSetting == null ? 0 : Long.parseLong(reservedSetting.strip());
            String reservedFor = "superusers (superuser_reserved_connections = " + superuserReserved + ")"
                    + (reservedSetting == null ? "" : " and roles with pg_use_reserved_connections (reserved_connections = " + reserved + ")");
            List<IdleTimeout> timeouts = new ArrayList<>();
            timeout(rs.getString("idle_in_transaction_ms"), "idle_in_transaction_session_timeout",
                    IdleTimeout.Applies.IDLE_IN_TRANSACTION, timeouts);
            // PostgreSQL 14+ (https://www.postgresql.org/docs/14/runtime-config-client.html#GUC-IDLE-SESSION-TIMEOUT).
            timeout(rs.getString("idle_session_ms"), "idle_session_timeout", IdleTimeout.Applies.IDLE_OUTSIDE_TRANSACTION, timeouts);
            ConnectionLimits limits = new ConnectionLimits(rs.getLong("used"), maxConnections - superuserReserved - reserved,
                    superuserReserved + reserved, reservedFor, maxConnections, null, null, null, rs.getLong("uptime"), timeouts);
            return new ConnectionsSnapshot(snapshot, limits, snapshot.limitations(), snapshot.queryCount() + 1);
        }
    }

    /** Both timeouts are in milliseconds, 0 = off (the default); absent before the version that brought them. */
    private static void timeout(String milliseconds, String name, IdleTimeout.Applies applies, List<IdleTimeout> timeouts) {
        if (milliseconds != null) {
            timeouts.add(new IdleTimeout(name, applies, Long.parseLong(milliseconds.strip()) / 1000.0, 0.0));
        }
    }
}
