package dev.dbrescue.testkit.lab;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A statement sent on a lab session's own thread: it may be running, waiting for a lock, or done. */
final class Pending {

    private final LabSession session;
    private final String sql;
    private final CompletableFuture<Void> future;
    private final Instant started = Instant.now();
    private volatile Instant ended;

    Pending(LabSession session, String sql, CompletableFuture<Void> future) {
        this.session = session;
        this.sql = sql;
        this.future = future.whenComplete((ok, failure) -> ended = Instant.now());
    }

    LabSession session() {
        return session;
    }

    String sql() {
        return sql;
    }

    boolean done() {
        return future.isDone();
    }

    /** Waits up to {@code timeout}; true when the statement is done (well or not). */
    boolean await(Duration timeout) throws InterruptedException {
        try {
            long millis = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toMillis() : Math.max(0, timeout.toMillis());
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    /** The statement's error once done, or null when it went through (or is still running). */
    SQLException error() {
        if (!future.isDone()) {
            return null;
        }
        try {
            future.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable cause = e.getCause();
            return cause instanceof SQLException s ? s : new SQLException(String.valueOf(cause == null ? e : cause), cause);
        }
    }

    /** How long the statement ran (or has run so far). */
    Duration elapsed() {
        Instant end = ended;
        return Duration.between(started, end == null ? Instant.now() : end);
    }
}
