package dev.dbrescue.core.connections.finding;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL. pg_terminate_backend() ends a backend (rolling back its transaction); ALTER SYSTEM writes
 * postgresql.auto.conf, so a timeout set that way survives a restart, and pg_reload_conf() applies it to new sessions.
 */
final class PostgresConnectionAdvice implements ConnectionAdvice {

    @Override
    public String refusal() {
        return "FATAL: sorry, too many clients already";
    }

    @Override
    public String setTimeout(String name, double seconds) {
        return "ALTER SYSTEM SET " + name + " = " + interval(seconds) + "; SELECT pg_reload_conf()";
    }

    @Override
    public String persistNote(String name, double seconds) {
        return null;
    }

    @Override
    public String setTimeoutForRole(String role, String name, double seconds) {
        return "ALTER ROLE " + identifier(role) + " SET " + name + " = " + interval(seconds);
    }

    @Override
    public String setTimeoutForSession(String name, double seconds) {
        return "SET " + name + " = " + interval(seconds);
    }

    @Override
    public String endIdle(IdleFilter filter) {
        List<String> where = new ArrayList<>(List.of("state = 'idle'",
                "state_change < now() - interval '" + (long) Math.floor(filter.minIdleSeconds()) + " seconds'"));
        if (filter.user() != null) {
            where.add("usename = " + literal(filter.user()));
        }
        if (filter.host() != null) {
            // The reader shows a Unix-socket client (client_port -1) as 'local'.
            where.add("local".equals(filter.host()) ? "client_port = -1" : "host(client_addr) = " + literal(filter.host()));
        }
        if (filter.application() != null) {
            where.add("application_name = " + literal(filter.application()));
        }
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE " + String.join(" AND ", where);
    }

    @Override
    public String endIdleInTransaction(double minIdleSeconds) {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')"
                + " AND state_change < now() - interval '" + (long) Math.floor(minIdleSeconds) + " seconds'"
                + "   -- each rolls back its transaction";
    }

    @Override
    public String raiseMaxConnections(long to) {
        return "ALTER SYSTEM SET max_connections = " + to
                + "   -- takes effect only when PostgreSQL restarts; each backend is a process with its own memory";
    }

    @Override
    public String poolerName() {
        return "PgBouncer";
    }

    @Override
    public String pooler(int busy) {
        return "PgBouncer in front of the server with pool_mode = transaction serves many client connections over a few"
                + " server connections (default_pool_size about " + Math.max(10, 2 * busy) + " for the " + busy + " busy now)";
    }

    /** '5min', '90s': a quoted interval PostgreSQL reads for any time setting. */
    static String interval(double seconds) {
        long s = Math.round(seconds);
        return s % 60 == 0 && s > 0 ? "'" + (s / 60) + "min'" : "'" + s + "s'";
    }

    /** A string literal (standard_conforming_strings is on by default since 9.1). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
