package dev.dbrescue.bench;

import dev.dbrescue.testkit.server.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An embedded PostgreSQL 15 with room for the incident. */
final class PostgresBenchServer implements BenchServer {

    private final EmbeddedPostgres server;

    private PostgresBenchServer(EmbeddedPostgres server) {
        this.server = server;
    }

    static PostgresBenchServer start(Shape shape) {
        Map<String, String> settings = new LinkedHashMap<>();
        // The incident's sessions, dbrescue's, the peers' and the set-up's, with room to spare.
        settings.put("max_connections", Integer.toString(shape.sessions() + 200));
        // 1,200 backends: keep the shared memory modest; the table is a few hundred rows.
        settings.put("shared_buffers", "64MB");
        // max_locks_per_transaction stays at its default (64 per backend, pooled across the lock table): each
        // incident session holds a handful of locks (relation, index, xid, vxid, tuple).
        // No deadlock here (no cycle), and the check runs once per waiter after deadlock_timeout: leave it at 1 s.
        return new PostgresBenchServer(EmbeddedPostgres.start(settings));
    }

    @Override
    public String label() {
        return "PostgreSQL " + EmbeddedPostgres.VERSION;
    }

    @Override
    public String uri() {
        return server.uri();
    }

    @Override
    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    @Override
    public java.nio.file.Path dataDirectory() {
        return server.dataDirectory();
    }

    @Override
    public void prepareSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = 0");
            statement.execute("SET statement_timeout = 0");
            statement.execute("SET idle_in_transaction_session_timeout = 0");
            statement.execute("SET application_name = 'dbrescue-bench'");
        }
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public int waitingNow(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * pg_activity 3.0.3's blocking query for PostgreSQL 9.6+ (what its "blocking" view runs each refresh), and its
     * waiting query, with their parameters filled in as pg_activity does by default: psycopg2 interpolates them on
     * the client, {@code --min-duration} defaults to 0, no {@code --dbname} filter (None, i.e. NULL), and duration
     * mode 1 is the {@code query_start} column (pgactivity/data.py, pg_get_blocking and get_duration_column).
     */
    @Override
    public List<TimedQuery> peers(Connection admin) {
        return List.of(
                new TimedQuery("pg_activity blocking", pgActivity("get_blocking_post_090600.sql"),
                        "pg_activity 3.0.3 get_blocking_post_090600.sql: rows of blocking sessions, no tree, no analysis"),
                new TimedQuery("pg_activity waiting", pgActivity("get_waiting_post_090200.sql"),
                        "pg_activity 3.0.3 get_waiting_post_090200.sql: rows of waiting sessions"));
    }

    static String pgActivity(String file) {
        String text;
        try (InputStream in = PostgresBenchServer.class.getResourceAsStream("/pg_activity/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource pg_activity/" + file);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String filled = text.replace("{duration_column}", "\"query_start\"")
                .replace("%(min_duration)s", "0")
                .replace("%(dbname_filter)s", "NULL");
        if (filled.contains("%(") || filled.contains("{duration")) {
            throw new IllegalStateException("unfilled parameter left in pg_activity/" + file);
        }
        return filled;
    }

    @Override
    public List<TimedQuery> buildingBlocks() {
        return List.of(
                new TimedQuery("pg_stat_activity", "SELECT * FROM pg_stat_activity",
                        "the session list alone"),
                new TimedQuery("pg_blocking_pids x waiters",
                        "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                        "one pg_blocking_pids() call per waiting session"),
                new TimedQuery("pg_locks", "SELECT * FROM pg_locks", "every lock of the server"));
    }

    @Override
    public void close() {
        server.stop();
    }
}
