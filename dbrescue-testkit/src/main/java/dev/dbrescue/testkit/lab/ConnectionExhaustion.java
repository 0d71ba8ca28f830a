package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens sessions until the server refuses one (ERROR 1040 Too many connections / SQLSTATE 53300 too many clients),
 * holds them, and releases them at the end. Nothing is locked, so dbrescue locks must report nothing blocked.
 * <p>
 * The lab's user is usually an administrator, so it also uses up the slots the server keeps for administrators
 * (MySQL/MariaDB allow one more connection to SUPER/CONNECTION ADMIN; PostgreSQL keeps
 * superuser_reserved_connections). Once refused, the lab therefore closes one of its sessions again, so that one
 * more session (dbrescue locks, an on-call engineer) can still connect.
 */
public final class ConnectionExhaustion implements Scenario {

    public static final int DEFAULT_CAP = 5_000;

    private final int cap;

    public ConnectionExhaustion() {
        this(DEFAULT_CAP);
    }

    /** @param cap the most sessions the lab opens, whatever the server allows */
    public ConnectionExhaustion(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be positive, was " + cap);
        }
        this.cap = cap;
    }

    @Override
    public String name() {
        return "connection-exhaustion";
    }

    @Override
    public String description() {
        return "Opens sessions until the server refuses one (ERROR 1040 / SQLSTATE 53300, at most " + cap + "), holds them,"
                + " then closes one so that a diagnosis can still connect. Nothing waits for a lock: dbrescue locks reports"
                + " nothing blocked.";
    }

    @Override
    public Exhausted start(LabContext context) throws Exception {
        Exhausted incident = new Exhausted(context);
        try {
            incident.fill(cap);
            return incident;
        } catch (Exception | Error e) {
            incident.close();
            throw e;
        }
    }

    /** The held sessions. */
    public static final class Exhausted implements Incident {

        private final LabContext context;
        private final List<ServerConnection> held = new CopyOnWriteArrayList<>();
        private final List<Long> ids = new CopyOnWriteArrayList<>();
        private final Thread cleanupOnExit = new Thread(this::close, "dbrescue-lab-cleanup-connection-exhaustion");
        private Dialect dialect;
        private int opened;
        private String refusal;
        private String maxConnections = "?";
        private boolean closed;

        private Exhausted(LabContext context) {
            this.context = context;
            Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        }

        private void fill(int cap) throws SQLException {
            while (opened < cap) {
                ServerConnection connection;
                try {
                    connection = context.connector().openUnguarded(context.target());
                } catch (RuntimeException e) {
                    if (opened > 0 && refused(e)) {
                        refusal = Secrets.scrub(firstLine(e), context.target().password());
                        break;
                    }
                    throw e;
                }
                held.add(connection);
                opened++;
                if (dialect == null) {
                    dialect = Dialect.of(connection.server());
                    maxConnections = query(connection, connection.server().engine().family() == dev.dbrescue.core.model.Engine.Family.MYSQL
                            ? "SELECT @@max_connections" : "SHOW max_connections");
                }
                ids.add(Long.parseLong(query(connection, dialect.sessionIdQuery())));
            }
            if (refusal == null) {
                log("opened " + opened + " sessions, the lab's cap, before the server refused one (max_connections is " + maxConnections + ")");
                return;
            }
            log("opened " + opened + " sessions; the server refused the next one: " + refusal);
            held.remove(held.size() - 1).close();
            awaitEnded(ids.get(held.size()));
            log("closed one session again so that dbrescue can still connect");
        }

        /**
         * Waits until the closed session has left the server: a server process ends a moment after its client
         * closes the socket, and until then its slot is still taken (a diagnosis connecting at once was refused).
         */
        private void awaitEnded(long sessionId) throws SQLException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!held.isEmpty() && Long.parseLong(query(held.get(0), dialect.sessionCountQuery(sessionId))) > 0) {
                if (System.nanoTime() > deadline) {
                    log("session " + sessionId + " is still on the server after 10 s; its slot may not be free yet");
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Sessions the lab opened before the server refused one (or the cap was reached). */
        public int opened() {
            return opened;
        }

        /** The server's refusal, one line, or null when the cap was reached first. */
        public String refusal() {
            return refusal;
        }

        /** Sessions held now: one fewer than opened once the server has refused one. */
        public int held() {
            return held.size();
        }

        @Override
        public List<Role> roles() {
            String what = refusal == null
                    ? "opened " + opened + " sessions, the lab's cap, and holds them (max_connections is " + maxConnections + ")"
                    : "opened " + opened + " sessions; the server refused session " + (opened + 1) + ": " + refusal
                            + " (max_connections is " + maxConnections + "); holds " + held.size() + ", one slot left free for diagnosis";
            return List.of(new Role("sessions", ids.isEmpty() ? 0 : ids.get(0), what));
        }

        @Override
        public Expectation expected() {
            return Expectation.nothingBlocked();
        }

        @Override
        public List<Long> sessionIds() {
            return List.copyOf(ids);
        }

        @Override
        public List<String> finish() {
            List<String> lines = new ArrayList<>();
            lines.add(refusal == null
                    ? "Held " + held.size() + " sessions; the server never refused one before the lab's cap."
                    : "Held " + held.size() + " sessions for the hold; the server had refused session " + (opened + 1) + ": " + refusal + ".");
            lines.add("Every application connecting meanwhile got the same refusal; the lab now closes its sessions.");
            return lines;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (Thread.currentThread() != cleanupOnExit) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway; close() is idempotent
                }
            }
            held.forEach(ServerConnection::close);
            log("cleaned up: closed " + held.size() + " sessions");
            held.clear();
        }

        private boolean refused(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SQLException e && dialect != null && dialect.isTooManyConnections(e)) {
                    return true;
                }
                String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("too many connections") || message.contains("too many clients")
                        || message.contains("connection slots are reserved")) {
                    return true;
                }
            }
            return false;
        }

        private String firstLine(Throwable failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root instanceof SQLException e ? dialect.describe(e) : String.valueOf(failure.getMessage());
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }

        private static String query(ServerConnection connection, String sql) throws SQLException {
            try (Statement s = connection.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new DbRescueException(ErrorCode.INTERNAL, "no row from " + sql);
                }
                return rs.getString(1);
            }
        }

        private void log(String line) {
            context.log().println("[lab connection-exhaustion] " + line);
            context.log().flush();
        }
    }
}
