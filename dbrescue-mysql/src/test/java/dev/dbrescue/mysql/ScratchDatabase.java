package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.model.Snapshot;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A scratch database on a real test server, application-like sessions that hold and wait for locks, and the cleanup
 * of both: every session it opened is killed and the database dropped, whatever the test did.
 */
final class ScratchDatabase implements AutoCloseable {

    /** Tests must not pick up the developer's MYSQL_PWD or ~/.my.cnf. */
    static final ClientEnvironment NO_CLIENT_DEFAULTS =
            new ClientEnvironment(Map.of(), Path.of("/nonexistent/dbrescue-test-home"), "dbrescue-test");

    private static final Duration AWAIT = Duration.ofSeconds(20);

    final Target server;
    final String schema;
    final Connector connector = new Connector(NO_CLIENT_DEFAULTS);
    private final ServerConnection admin;
    private final List<AppSession> sessions = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dbrescue-it-session");
        t.setDaemon(true);
        return t;
    });

    private ScratchDatabase(Target server) {
        this.server = server;
        this.schema = "dbrescue_mysql_it_" + UUID.randomUUID().toString().substring(0, 8);
        this.admin = connector.openUnguarded(server);
        execute(admin.connection(), "CREATE DATABASE " + MySqlNames.quote(schema));
    }

    static ScratchDatabase on(String uri) {
        return new ScratchDatabase(Target.parse(uri));
    }

    /** A session like an application's: autocommit on, no timeouts of ours, in the scratch database. */
    AppSession session() {
        AppSession s = new AppSession(connector.openUnguarded(server.withDatabase(schema)));
        sessions.add(s);
        return s;
    }

    /** dbrescue's own monitoring session, opened the way the CLI does (made safe). */
    ServerConnection monitor() {
        return monitor(server);
    }

    ServerConnection monitor(Target target) {
        return connector.open(target);
    }

    void admin(String sql) {
        execute(admin.connection(), sql);
    }

    Connection adminConnection() {
        return admin.connection();
    }

    /** One snapshot through the family the connector found, as {@code dbrescue locks} takes it. */
    static Snapshot snapshot(ServerConnection monitor) throws SQLException {
        return monitor.family().lockSnapshotReader(monitor.server()).read(monitor.connection());
    }

    /** Waits until the session's thread state is {@code state}, failing early if its statement failed. */
    void awaitState(AppSession session, Future<?> statement, String state) {
        await(session, statement, "state '" + state + "'",
                "SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = ?", state);
    }

    /** Waits until InnoDB reports the session's transaction in LOCK WAIT. */
    void awaitRowLockWait(AppSession session, Future<?> statement) {
        await(session, statement, "an InnoDB lock wait",
                "SELECT trx_state FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?", "LOCK WAIT");
    }

    /**
     * Waits until INNODB_TRX shows the session's open transaction. A snapshot taken less than 0.1 s after another
     * one (e.g. by the previous test) reads InnoDB's frozen I_S cache, which may predate the transaction.
     */
    void awaitTransaction(AppSession session) {
        await(session, null, "an InnoDB transaction",
                "SELECT trx_state FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?", "RUNNING");
    }

    /** {@code statement}: the session's blocked statement, null when none runs. */
    private void await(AppSession session, Future<?> statement, String what, String sql, String expected) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (statement != null && statement.isDone()) {
                try {
                    statement.get();
                    throw new AssertionError("session " + session.id + " finished instead of reaching " + what);
                } catch (ExecutionException e) {
                    throw new AssertionError("session " + session.id + " failed before reaching " + what, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            try (PreparedStatement ps = admin.connection().prepareStatement(sql)) {
                ps.setLong(1, session.id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && expected.equalsIgnoreCase(rs.getString(1))) {
                        return;
                    }
                }
                // More than 0.1 s: InnoDB refreshes the INNODB_TRX cache only after 0.1 s without any reader
                // (trx0i_s.cc, CACHE_MIN_IDLE_TIME_US), so faster polling would read a frozen picture forever.
                Thread.sleep(150);
            } catch (SQLException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("session " + session.id + " did not reach " + what + " within " + AWAIT.toSeconds()
                + " s; it shows " + describe(session.id));
    }

    /** The session's processlist row and transaction state, for failure messages. */
    private String describe(long id) {
        try (PreparedStatement ps = admin.connection().prepareStatement("SELECT p.COMMAND, p.STATE, p.INFO, t.trx_state"
                + " FROM information_schema.PROCESSLIST p LEFT JOIN information_schema.INNODB_TRX t"
                + " ON t.trx_mysql_thread_id = p.ID WHERE p.ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "command " + rs.getString(1) + ", state " + rs.getString(2) + ", info " + rs.getString(3)
                        + ", trx " + rs.getString(4) : "no processlist row";
            }
        } catch (SQLException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        for (AppSession s : sessions) {
            try (Statement statement = admin.connection().createStatement()) {
                statement.execute("KILL " + s.id); // rolls back its transaction and ends any wait
            } catch (SQLException alreadyGone) {
                // the session ended by itself
            }
            s.connection.close();
        }
        background.shutdownNow();
        execute(admin.connection(), "DROP DATABASE IF EXISTS " + MySqlNames.quote(schema));
        admin.close();
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("'" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    /** A session of the incident, with its processlist id. */
    final class AppSession {
        final ServerConnection connection;
        final long id;

        AppSession(ServerConnection connection) {
            this.connection = connection;
            try (Statement statement = connection.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                this.id = rs.getLong(1);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }

        void execute(String sql) {
            ScratchDatabase.execute(connection.connection(), sql);
        }

        /** Runs a statement that will block, on its own thread; the future ends when it returns or the session dies. */
        Future<?> background(String sql) {
            return background.submit(() -> {
                try (Statement statement = connection.connection().createStatement()) {
                    boolean rows = statement.execute(sql);
                    if (rows) {
                        statement.getResultSet().close();
                    }
                }
                return null;
            });
        }

        @Override
        public String toString() {
            return "session " + id;
        }
    }
}
