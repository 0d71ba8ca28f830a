package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * MySQL and MariaDB. KILL takes one id, so ending many sessions is a SELECT that writes the KILL statements (run its
 * output). Sessions in an open transaction are left out of "idle": INNODB_TRX says which, and KILL would roll them back.
 */
final class MySqlConnectionAdvice implements ConnectionAdvice {

    private final ServerInfo server;

    MySqlConnectionAdvice(ServerInfo server) {
        this.server = server;
    }

    /** MySQL 8.0 persists a global setting in mysqld-auto.cnf (SET PERSIST); MariaDB and 5.7 only in my.cnf. */
    private boolean persists() {
        return server.engine() == Engine.MYSQL && server.major() >= 8;
    }

    @Override
    public String refusal() {
        return "ERROR 1040 (HY000): Too many connections";
    }

    @Override
    public String setTimeout(String name, double seconds) {
        return (persists() ? "SET PERSIST " : "SET GLOBAL ") + name + " = " + Math.round(seconds);
    }

    @Override
    public String persistNote(String name, double seconds) {
        return persists() ? null
                : "SET GLOBAL lasts until the server restarts: also put " + name + " = " + Math.round(seconds) + " under [mysqld] in my.cnf.";
    }

    @Override
    public String setTimeoutForRole(String role, String name, double seconds) {
        return null; // MySQL has no per-account session defaults
    }

    @Override
    public String setTimeoutForSession(String name, double seconds) {
        return "SET SESSION " + name + " = " + Math.round(seconds);
    }

    @Override
    public String endIdle(IdleFilter filter) {
        List<String> where = new ArrayList<>(List.of("p.COMMAND = 'Sleep'", "p.TIME >= " + (long) Math.floor(filter.minIdleSeconds()),
                "t.trx_id IS NULL"));
        if (filter.user() != null) {
            where.add("p.USER = " + literal(filter.user()));
        }
        if (filter.host() != null) {
            // PROCESSLIST.HOST is host:port for TCP clients, the bare name for a socket.
            where.add("(p.HOST = " + literal(filter.host()) + " OR p.HOST LIKE " + likePrefix(filter.host() + ":") + ")");
        }
        if (filter.application() != null) {
            where.add("p.ID IN (SELECT PROCESSLIST_ID FROM performance_schema.session_connect_attrs"
                    + " WHERE ATTR_NAME IN ('program_name', '_client_name') AND ATTR_VALUE = " + literal(filter.application()) + ")");
        }
        return "SELECT CONCAT('KILL ', p.ID, ';') FROM information_schema.PROCESSLIST p"
                + " LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID WHERE " + String.join(" AND ", where)
                + "   -- then run the KILL statements it prints";
    }

    @Override
    public String endIdleInTransaction(double minIdleSeconds) {
        return "SELECT CONCAT('KILL ', p.ID, ';') FROM information_schema.PROCESSLIST p"
                + " JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID"
                + " WHERE p.COMMAND = 'Sleep' AND p.TIME >= " + (long) Math.floor(minIdleSeconds)
                + "   -- then run the KILL statements it prints; each rolls back its transaction";
    }

    @Override
    public String raiseMaxConnections(long to) {
        // Dynamic: it takes effect for the next connection (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_connections).
        return (persists() ? "SET PERSIST" : "SET GLOBAL") + " max_connections = " + to
                + "   -- at once; each connection costs memory (per-session buffers)";
    }

    @Override
    public String poolerName() {
        return "ProxySQL";
    }

    @Override
    public String pooler(int busy) {
        return "ProxySQL in front of the server multiplexes many client connections over a few server connections"
                + " (mysql_servers.max_connections per backend, about " + Math.max(10, 2 * busy) + " for the " + busy
                + " busy now)";
    }

    /** A string literal under the default sql_mode (backslash escapes on). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A LIKE pattern matching what starts with {@code prefix}: % and _ escaped with the default escape, \. */
    static String likePrefix(String prefix) {
        String pattern = prefix.replace("\\", "\\\\\\\\").replace("%", "\\%").replace("_", "\\_").replace("'", "''");
        return "'" + pattern + "%'";
    }
}
