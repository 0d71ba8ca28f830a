package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One lab session: a real connection that behaves like an application's, with its own thread so that a statement
 * that waits for a lock does not stop the lab.
 */
final class LabSession {

    /** A statement the scenario expects to go through must do so within this time. */
    static final Duration QUICK = Duration.ofSeconds(15);

    private final String name;
    private final long id;
    private final ServerConnection connection;
    private final ExecutorService thread;
    private final Consumer<String> log;
    private volatile Pending last;

    LabSession(String name, long id, ServerConnection connection, String threadName, Consumer<String> log) {
        this.name = name;
        this.id = id;
        this.connection = connection;
        this.log = log;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    String name() {
        return name;
    }

    long id() {
        return id;
    }

    /** {@code A (session 12)}. */
    String label() {
        return name + " (session " + id + ")";
    }

    /** Sends a statement and returns at once; the statement runs (or waits) on this session's thread. */
    Pending submit(String sql) {
        log.accept(label() + ": " + sql);
        Pending pending = new Pending(this, sql, CompletableFuture.runAsync(() -> execute(sql), thread));
        last = pending;
        return pending;
    }

    /** Runs a statement that must not wait; its error, if any, is thrown. */
    void run(String sql) throws SQLException, InterruptedException {
        Pending pending = submit(sql);
        if (!pending.await(QUICK)) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, label() + " waited more than " + QUICK.toSeconds()
                    + " s on `" + sql + "`, which should not wait: is another session holding locks on the lab's tables?");
        }
        SQLException error = pending.error();
        if (error != null) {
            throw error;
        }
    }

    /** Runs a statement that is expected to fail (e.g. a duplicate key the scenario provokes) and returns the error. */
    SQLException runExpectingError(String sql) throws InterruptedException {
        Pending pending = submit(sql);
        if (!pending.await(QUICK)) {
            throw new DbRescueException(ErrorCode.ACTION_FAILED, label() + " waited more than " + QUICK.toSeconds() + " s on `" + sql + "`");
        }
        return pending.error();
    }

    /** The last statement sent, or null. */
    Pending last() {
        return last;
    }

    /** True while a statement is running or waiting on this session. */
    boolean busy() {
        Pending p = last;
        return p != null && !p.done();
    }

    private void execute(String sql) {
        try (Statement statement = connection.connection().createStatement()) {
            boolean hasResult = statement.execute(sql);
            while (true) {
                if (hasResult) {
                    try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                            // read everything, as an application would
                        }
                    }
                } else if (statement.getUpdateCount() == -1) {
                    break;
                }
                hasResult = statement.getMoreResults();
            }
        } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Ends this session: rolls back on its own thread when idle; the caller terminates it server-side when busy. */
    void close(Duration patience) {
        if (!busy()) {
            try {
                thread.submit(() -> {
                    Connection c = connection.connection();
                    try (Statement s = c.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the session may already be gone (killed, deadlock victim); closing is what matters
                    }
                    return null;
                }).get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // fall through to closing the connection; the server rolls back what is left
            }
        }
        thread.shutdownNow();
        connection.close();
    }
}
