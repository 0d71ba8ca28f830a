package dev.dbrescue.mysql;

import dev.dbrescue.core.connections.ConnectionLimits;
import dev.dbrescue.core.connections.ConnectionsSnapshot;
import dev.dbrescue.core.connections.IdleTimeout;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.Limitation;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.model.Session;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.spi.ConnectionsReader;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dbrescue connections} on MySQL 5.7 / 8.x and MariaDB, in the lock snapshot's statements (1 on a quiet
 * server, see {@link MySqlLockSnapshotReader}) plus 2, plus 1 where performance_schema is on:
 * <ol>
 *   <li>{@code SHOW GLOBAL STATUS} for Threads_connected, Max_used_connections, Connection_errors_max_connections,
 *       Aborted_connects and Uptime; readable by every account;</li>
 *   <li>{@code SELECT @@GLOBAL...} for max_connections, the idle timeouts and performance_schema, the variables this
 *       engine has (MariaDB 10.3+ adds idle_transaction_timeout and extra_port): a lookup each, where SHOW GLOBAL
 *       VARIABLES builds the whole list (0.6 ms against 4.6 ms on the embedded MariaDB 10.11, bench/run-connections).
 *       Should the server lack one (ERROR 1193), {@code SHOW GLOBAL VARIABLES WHERE ...} follows, where a missing
 *       variable is just absent;</li>
 *   <li>performance_schema.session_connect_attrs for each session's {@code program_name} (what the mysql client and
 *       most connectors send, or what the application set), else {@code _client_name} (the driver), as the
 *       application name: MySQL's processlist has none. Off or not readable: a limitation, names stay unknown.</li>
 * </ol>
 * Both servers allow max_connections + 1 connections: the last for an account with SUPER or CONNECTION_ADMIN
 * (https://dev.mysql.com/doc/refman/8.0/en/too-many-connections.html,
 * https://mariadb.com/kb/en/server-system-variables/#max_connections).
 */
public final class MySqlConnectionsReader implements ConnectionsReader {

    /** The server default of wait_timeout and interactive_timeout, 8 hours. */
    static final double DEFAULT_IDLE_TIMEOUT = 28_800;

    static final String STATUS_SQL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Max_used_connections',"
            + " 'Connection_errors_max_connections', 'Aborted_connects', 'Uptime')";
    static final List<String> VARIABLES = List.of("max_connections", "wait_timeout", "interactive_timeout", "performance_schema");
    /** MariaDB 10.3+ (https://mariadb.com/kb/en/server-system-variables/#idle_transaction_timeout, #extra_port). */
    static final List<String> MARIADB_VARIABLES = List.of("idle_transaction_timeout", "extra_port", "extra_max_connections");
    static final String CONNECT_ATTRS_SQL = "SELECT PROCESSLIST_ID, ATTR_NAME, ATTR_VALUE FROM performance_schema.session_connect_attrs"
            + " WHERE ATTR_NAME IN ('program_name', '_client_name')";

    private static final String APPLICATION_NAMES = "application names (the program_name connection attribute)";

    private final ServerInfo server;
    private final MySqlLockSnapshotReader sessions;

    public MySqlConnectionsReader(ServerInfo server) {
        this.server = server;
        this.sessions = new MySqlLockSnapshotReader(server);
    }

    @Override
    public ConnectionsSnapshot read(Connection connection) throws SQLException {
        Snapshot snapshot = sessions.read(connection);
        SqlRunner sql = new SqlRunner(connection);
        List<Limitation> limitations = new ArrayList<>(snapshot.limitations());
        Map<String, String> status = settings(sql, STATUS_SQL);
        Map<String, String> variables = variables(sql);
        ConnectionLimits limits = limits(status, variables, snapshot);
        Map<Long, String> applications = applications(sql, variables, limitations);
        List<Session> clients = new ArrayList<>(snapshot.sessions().size());
        for (Session s : snapshot.sessions()) {
            clients.add(new Session(s.id(), s.user(), clientHost(s.host()), s.database(), applications.get(s.id()), s.state(),
                    s.busy(), s.inTransaction(), s.query(), s.transactionSeconds(), s.idleSeconds(), s.querySeconds(),
                    s.transactionId(), s.rowsLocked(), s.rowsModified(), s.tablesLocked(), s.superuser(), s.system()));
        }
        Snapshot withClients = new Snapshot(snapshot.server(), snapshot.capturedAt(), snapshot.ownSessionId(), clients,
                snapshot.waits(), snapshot.heldLocks(), snapshot.limitations(), snapshot.queryCount());
        return new ConnectionsSnapshot(withClients, limits, limitations, snapshot.queryCount() + sql.count());
    }

    private ConnectionLimits limits(Map<String, String> status, Map<String, String> variables, Snapshot snapshot) {
        // Threads_connected counts dbrescue's own connection, which the session list leaves out.
        long used = number(status, "Threads_connected", snapshot.sessions().size() + 1L);
        long max = number(variables, "max_connections", 151L);
        List<IdleTimeout> timeouts = new ArrayList<>();
        timeout(variables, "wait_timeout", IdleTimeout.Applies.IDLE, DEFAULT_IDLE_TIMEOUT).ifPresent(timeouts::add);
        timeout(variables, "interactive_timeout", IdleTimeout.Applies.IDLE_INTERACTIVE, DEFAULT_IDLE_TIMEOUT).ifPresent(timeouts::add);
        // MariaDB 10.3+ (https://mariadb.com/kb/en/server-system-variables/#idle_transaction_timeout); MySQL has none.
        timeout(variables, "idle_transaction_timeout", IdleTimeout.Applies.IDLE_IN_TRANSACTION, 0.0).ifPresent(timeouts::add);
        String reservedFor = server.engine() == Engine.MARIADB ? "an account with SUPER or CONNECTION ADMIN"
                : "an account with CONNECTION_ADMIN or SUPER";
        long extraPort = number(variables, "extra_port", 0L);
        if (extraPort > 0) {
            reservedFor += " (and extra_max_connections = " + number(variables, "extra_max_connections", 1L)
                    + " more on extra_port " + extraPort + ")";
        }
        return new ConnectionLimits(used, max, 1, reservedFor, max, optional(status, "Max_used_connections"),
                optional(status, "Connection_errors_max_connections"), optional(status, "Aborted_connects"),
                optional(status, "Uptime"), timeouts);
    }

    /** Application name per session id; empty, with a limitation, when performance_schema cannot tell. */
    private Map<Long, String> applications(SqlRunner sql, Map<String, String> variables, List<Limitation> limitations)
            throws SQLException {
        String performanceSchema = variables.get("performance_schema");
        if (!"ON".equalsIgnoreCase(performanceSchema) && !"1".equals(performanceSchema)) {
            limitations.add(new Limitation(APPLICATION_NAMES, "performance_schema is OFF"
                            + (server.engine() == Engine.MARIADB ? ", MariaDB's default" : ""),
                    "put performance_schema = ON under [mysqld] in my.cnf and restart the server"));
            return Map.of();
        }
        Map<Long, String> programs = new TreeMap<>();
        Map<Long, String> clients = new TreeMap<>();
        try {
            sql.query(CONNECT_ATTRS_SQL, rs -> {
                (("program_name".equals(rs.getString(2))) ? programs : clients).put(rs.getLong(1), rs.getString(3));
                return null;
            });
        } catch (SQLException e) {
            if (!SqlErrors.isDegradable(e)) {
                throw e;
            }
            String account = sql.query("SELECT CURRENT_USER()", rs -> rs.getString(1)).stream().findFirst().orElse(null);
            limitations.add(new Limitation(APPLICATION_NAMES, SqlErrors.text(e), SqlErrors.isPrivilege(e)
                    ? "GRANT SELECT ON performance_schema.session_connect_attrs TO " + MySqlNames.accountForGrant(account)
                    : "none on this server version"));
            return Map.of();
        }
        clients.putAll(programs); // program_name wins over the driver's name
        return clients;
    }

    /**
     * PROCESSLIST.HOST is {@code host:port} for a TCP client and the bare name for a socket ({@code localhost}); the
     * groups want the client host alone. An IPv6 address comes as {@code addr:port} too, so only the last part goes.
     */
    static String clientHost(String host) {
        if (host == null) {
            return null;
        }
        if (host.startsWith("[") && host.contains("]")) {
            return host.substring(1, host.indexOf(']'));
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon < host.length() - 1 && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return host.substring(0, colon);
        }
        return host;
    }

    private Map<String, String> variables(SqlRunner sql) throws SQLException {
        List<String> names = new ArrayList<>(VARIABLES);
        if (server.engine() == Engine.MARIADB && server.atLeast(10, 3)) {
            names.addAll(MARIADB_VARIABLES);
        }
        try {
            Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            sql.query("SELECT " + String.join(", ", names.stream().map(n -> "@@GLOBAL." + n + " AS " + n).toList()), rs -> {
                for (int i = 1; i <= names.size(); i++) {
                    values.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                return null;
            });
            return values;
        } catch (SQLException e) {
            if (e.getErrorCode() != MySqlSessionGuard.ER_UNKNOWN_SYSTEM_VARIABLE) {
                throw e;
            }
            return settings(sql, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ("
                    + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + ")");
        }
    }

    private static Map<String, String> settings(SqlRunner sql, String statement) throws SQLException {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sql.query(statement, rs -> values.put(rs.getString(1), rs.getString(2)));
        return values;
    }

    private static java.util.Optional<IdleTimeout> timeout(Map<String, String> variables, String name, IdleTimeout.Applies applies,
                                                          double defaultSeconds) {
        Long seconds = optional(variables, name);
        return seconds == null ? java.util.Optional.empty()
                : java.util.Optional.of(new IdleTimeout(name, applies, seconds, defaultSeconds));
    }

    private static long number(Map<String, String> values, String name, long otherwise) {
        Long value = optional(values, name);
        return value == null ? otherwise : value;
    }

    private static Long optional(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
