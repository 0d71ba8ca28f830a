package dev.dbrescue.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The incident of {@link Shape} on a live server, with real sessions over plain JDBC. Every waiting statement runs
 * on a thread of its own, blocked in the server until the incident is closed. Closing closes the sessions that run
 * no statement (ending the root blockers' transactions), and the waits then drain in order.
 */
final class Incident implements AutoCloseable {

    private static final String TABLE = "bench_rows";
    /** Opening 1,000 sessions one at a time takes seconds (a PostgreSQL backend is a fork): open them in parallel. */
    private static final int SETUP_THREADS = 8;
    private static final long WAIT_FOR_WAITERS_MS = 180_000;

    private final BenchServer server;
    private final Shape shape;
    private final Connection admin;
    private final List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> waiterThreads = new ArrayList<>();
    private final AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
    private final AtomicInteger finishedEarly = new AtomicInteger();
    private final Set<Connection> waiterConnections = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** Root blocker id to the ids of the five sessions built to wait behind it. */
    private final Map<Long, Set<Long>> waitersByRoot = new LinkedHashMap<>();

    private Incident(BenchServer server, Shape shape, Connection admin) {
        this.server = server;
        this.shape = shape;
        this.admin = admin;
    }

    Map<Long, Set<Long>> waitersByRoot() {
        return waitersByRoot;
    }

    Set<Long> rootIds() {
        return waitersByRoot.keySet();
    }

    Set<Long> waiterIds() {
        Set<Long> all = new LinkedHashSet<>();
        waitersByRoot.values().forEach(all::addAll);
        return all;
    }

    static Incident build(BenchServer server, Shape shape) throws Exception {
        Connection admin = DriverManager.getConnection(server.jdbcUrl());
        Incident incident = new Incident(server, shape, admin);
        try {
            incident.create();
            return incident;
        } catch (Exception | Error e) {
            incident.close();
            throw e;
        }
    }

    private void create() throws Exception {
        long begin = System.nanoTime();
        createTable();

        // One session per role, opened in parallel; all of them exist before any statement waits.
        List<Session> sessions = open(shape.sessions());
        int next = 0;
        List<Session> roots = sessions.subList(next, next += shape.roots());
        List<Session> chainB = sessions.subList(next, next += shape.roots());
        List<Session> chainC = sessions.subList(next, next += shape.roots());
        List<Session> chainD = sessions.subList(next, next += shape.roots());
        List<Session> fan1 = sessions.subList(next, next += shape.roots());
        List<Session> fan2 = sessions.subList(next, next += shape.roots());
        List<Session> idle = sessions.subList(next, next += shape.idle());
        List<Session> idleInTransaction = sessions.subList(next, next += shape.idleInTransaction());

        // Phase 1, nothing waits yet: roots take their rows, chain members B and C take theirs, idle transactions theirs.
        List<Callable<Void>> holds = new ArrayList<>();
        for (int g = 0; g < shape.roots(); g++) {
            holds.add(hold(roots.get(g), shape.rootRow(g)));
            holds.add(hold(chainB.get(g), shape.chainRow1(g)));
            holds.add(hold(chainC.get(g), shape.chainRow2(g)));
        }
        for (int i = 0; i < idleInTransaction.size(); i++) {
            holds.add(hold(idleInTransaction.get(i), shape.idleTransactionRow(i)));
        }
        for (Session s : idle) {
            holds.add(() -> {
                try (Statement statement = s.connection().createStatement()) {
                    statement.execute("SELECT 1");
                }
                return null;
            });
        }
        runAll(holds);

        // Phase 2: every waiting statement on its own thread.
        for (int g = 0; g < shape.roots(); g++) {
            waitFor(chainB.get(g), shape.rootRow(g));
            waitFor(chainC.get(g), shape.chainRow1(g));
            waitFor(chainD.get(g), shape.chainRow2(g));
            waitFor(fan1.get(g), shape.rootRow(g));
            waitFor(fan2.get(g), shape.rootRow(g));
            Set<Long> group = new LinkedHashSet<>(List.of(chainB.get(g).id(), chainC.get(g).id(), chainD.get(g).id(),
                    fan1.get(g).id(), fan2.get(g).id()));
            waitersByRoot.put(roots.get(g).id(), group);
        }
        awaitWaiters();
        System.out.printf("  incident ready in %.1f s: %s%n", (System.nanoTime() - begin) / 1e9, shape);
    }

    private void createTable() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int g = 0; g < shape.roots(); g++) {
            ids.add(shape.rootRow(g));
            ids.add(shape.chainRow1(g));
            ids.add(shape.chainRow2(g));
        }
        for (int i = 0; i < shape.idleInTransaction(); i++) {
            ids.add(shape.idleTransactionRow(i));
        }
        StringBuilder insert = new StringBuilder("INSERT INTO " + TABLE + " (id, v) VALUES ");
        for (int i = 0; i < ids.size(); i++) {
            insert.append(i == 0 ? "" : ",").append('(').append(ids.get(i)).append(",0)");
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            // InnoDB is MariaDB's default engine; PostgreSQL has only one. A primary key: each UPDATE locks one row.
            statement.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
            statement.execute(insert.toString());
        }
    }

    private record Session(Connection connection, long id) {
    }

    private List<Session> open(int count) throws Exception {
        List<Callable<Session>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(() -> {
                Connection connection = DriverManager.getConnection(server.jdbcUrl());
                connections.add(connection);
                server.prepareSession(connection);
                return new Session(connection, server.sessionId(connection));
            });
        }
        List<Session> sessions = runAll(tasks);
        System.out.printf("  %d sessions open%n", sessions.size());
        return sessions;
    }

    private Callable<Void> hold(Session session, long row) {
        return () -> {
            session.connection().setAutoCommit(false);
            try (Statement statement = session.connection().createStatement()) {
                int updated = statement.executeUpdate("UPDATE " + TABLE + " SET v = v + 1 WHERE id = " + row);
                if (updated != 1) {
                    throw new IllegalStateException("row " + row + " missing from " + TABLE);
                }
            }
            return null;
        };
    }

    private void waitFor(Session session, long row) throws SQLException {
        session.connection().setAutoCommit(false);
        waiterConnections.add(session.connection());
        Thread thread = new Thread(null, () -> {
            try (Statement statement = session.connection().createStatement()) {
                statement.executeUpdate("UPDATE " + TABLE + " SET v = v + 1 WHERE id = " + row);
                if (!closing) {
                    finishedEarly.incrementAndGet();
                }
                session.connection().rollback();
            } catch (SQLException | RuntimeException e) {
                if (!closing) {
                    waiterFailure.compareAndSet(null, e);
                }
            } finally {
                closeQuietly(session.connection());
            }
        }, "waiter-" + session.id(), 256 * 1024);
        thread.setDaemon(true);
        thread.start();
        waiterThreads.add(thread);
    }

    /** Until the server counts every waiter as waiting; fails loudly when a waiter finished or failed instead. */
    private void awaitWaiters() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_FOR_WAITERS_MS;
        int waiting = -1;
        int lastPrinted = -1;
        while (System.currentTimeMillis() < deadline) {
            checkWaiters();
            waiting = server.waitingNow(admin);
            if (waiting == shape.waiters()) {
                return;
            }
            if (waiting != lastPrinted) {
                System.out.printf("  %d of %d waiting%n", waiting, shape.waiters());
                lastPrinted = waiting;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The incident is not as built: the server counts " + waiting
                + " waiting sessions after " + WAIT_FOR_WAITERS_MS / 1000 + " s, expected " + shape.waiters());
    }

    /** Fails when a waiting statement returned or failed: the incident would no longer be the one measured. */
    void checkWaiters() {
        Throwable failure = waiterFailure.get();
        if (failure != null) {
            throw new IllegalStateException("A waiting statement failed: " + failure, failure);
        }
        if (finishedEarly.get() > 0) {
            throw new IllegalStateException(finishedEarly.get() + " waiting statement(s) finished: nothing should have released them");
        }
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                try {
                    results.add(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Ends the incident. The sessions that run no statement (roots, idle, idle in transaction) are closed at once,
     * which ends their transactions; the waiters then get their rows one after the other, roll back and close their
     * own connections, so the waits drain in order. A waiter's connection is never closed under its running
     * statement from here: a driver may serialize close() behind the statement.
     */
    @Override
    public void close() {
        closing = true;
        long begin = System.nanoTime();
        List<Connection> idleOnes;
        synchronized (connections) {
            idleOnes = connections.stream().filter(c -> !waiterConnections.contains(c)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
        idleOnes.forEach(c -> pool.submit(() -> closeQuietly(c)));
        pool.shutdown();
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Thread t : waiterThreads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long stuck = waiterThreads.stream().filter(Thread::isAlive).count();
        if (stuck > 0) {
            System.out.println("  " + stuck + " waiter(s) still blocked after 60 s; stopping the server ends them");
        }
        closeQuietly(admin);
        System.out.printf("  incident closed in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // the incident is over; a connection the server already dropped needs no closing
        }
    }
}
