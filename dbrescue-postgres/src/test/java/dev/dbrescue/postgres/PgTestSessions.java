package dev.dbrescue.postgres;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.TestServers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Real sessions on the test server, playing an incident: each named for its role in application_name, each with a
 * generous lock_timeout so that a failed test cannot hang forever. {@link #close()} terminates them, drops the tables
 * made with {@link #uniqueName(String)} and ends the admin session.
 */
final class PgTestSessions implements AutoCloseable {

    final Target target;
    final Connector connector = new Connector(ClientEnvironment.current());
    final ServerConnection admin;
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<ServerConnection> sessions = new ArrayList<>();
    private final Map<Connection, Long> pids = new HashMap<>();
    private final List<String> tables = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pg-it-session");
        t.setDaemon(true);
        return t;
    });

    PgTestSessions() {
        target = Target.parse(TestServers.postgres().uri());
        admin = connector.open(target);
    }

    /** A name no other test run uses, e.g. {@code user_setting_3f9a0c1b2d}; tables are dropped at close. */
    String uniqueName(String base) {
        return base + "_" + suffix;
    }

    String table(String base, String ddlAfterName) throws SQLException {
        String name = uniqueName(base);
        tables.add(name);
        admin("CREATE TABLE " + name + " " + ddlAfterName);
        return name;
    }

    String role(String base, String password) throws SQLException {
        String name = uniqueName(base);
        roles.add(name);
        admin("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
        return name;
    }

    void admin(String sql) throws SQLException {
        try (Statement s = admin.connection().createStatement()) {
            s.execute(sql);
        }
    }

    /** A session as an application would have it: no dbrescue safety settings. */
    Connection session(String role) throws SQLException {
        Map<String, String> options = new HashMap<>(target.options());
        options.put("ApplicationName", "dbrescue-it-" + role);
        ServerConnection c = connector.openUnguarded(new Target(target.scheme(), target.host(), target.port(), target.database(),
                target.user(), target.password(), target.jdbcUrl(), options));
        sessions.add(c);
        try (Statement s = c.connection().createStatement()) {
            s.execute("SET lock_timeout = '60s'");
        }
        pids.put(c.connection(), scalarLong(c.connection(), "SELECT pg_backend_pid()"));
        return c.connection();
    }

    long pid(Connection session) {
        return pids.get(session);
    }

    /** Runs a statement that will wait, on a background thread. */
    Future<?> async(Connection session, String sql) {
        return background.submit(() -> {
            try (Statement s = session.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    /** Waits until the session waits for a heavyweight lock (pg_stat_activity.wait_event_type = 'Lock'). */
    void awaitLockWait(Connection session) throws SQLException {
        long pid = pid(session);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (PreparedStatement ps = admin.connection().prepareStatement(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?")) {
                ps.setLong(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "Lock".equals(rs.getString(1))) {
                        return;
                    }
                }
            }
            pause();
        }
        throw new AssertionError("session " + pid + " did not start waiting for a lock within 15 s");
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the test sessions", e);
        }
    }

    /** One snapshot through dbrescue's own, made-safe connection. */
    Snapshot snapshot() throws SQLException {
        try (ServerConnection c = connector.open(target)) {
            return c.family().lockSnapshotReader(c.server()).read(c.connection());
        }
    }

    Snapshot snapshotAs(Target as) throws SQLException {
        try (ServerConnection c = connector.open(as)) {
            return c.family().lockSnapshotReader(c.server()).read(c.connection());
        }
    }

    static long scalarLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement ps = admin.connection().prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY (?) OR usename = ANY (?)")) {
            ps.setArray(1, admin.connection().createArrayOf("int4", pids.values().stream().map(Long::intValue).toArray()));
            ps.setArray(2, admin.connection().createArrayOf("text", roles.toArray()));
            ps.execute();
        }
        sessions.forEach(ServerConnection::close);
        background.shutdownNow();
        awaitGone();
        for (String table : tables) {
            admin("DROP TABLE IF EXISTS " + table);
        }
        for (String role : roles) {
            admin("DROP ROLE IF EXISTS " + role);
        }
        admin.close();
    }

    /** pg_terminate_backend only signals; wait until the backends are gone and their locks released. */
    private void awaitGone() throws SQLException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (PreparedStatement ps = admin.connection().prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?) OR usename = ANY (?)")) {
                ps.setArray(1, admin.connection().createArrayOf("int4", pids.values().stream().map(Long::intValue).toArray()));
                ps.setArray(2, admin.connection().createArrayOf("text", roles.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
            }
            pause();
        }
        throw new AssertionError("test sessions " + pids.values() + " still present 10 s after pg_terminate_backend");
    }
}
