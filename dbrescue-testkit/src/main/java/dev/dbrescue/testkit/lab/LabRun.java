package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.target.Secrets;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The plumbing every scenario shares, and the {@link Incident} it returns: the observer session, the lab sessions
 * and their roles, the scenario's tables (named {@code dbrescue_lab_<scenario>_<random>_<what>}), the wait for the
 * steady state, and the clean-up.
 */
final class LabRun implements Incident {

    /** How long start() waits for the incident to form before giving up. */
    static final Duration STEADY_STATE_TIMEOUT = Duration.ofSeconds(15);
    /** Waiting sessions wait this much longer than the hold, so the hold ends before their lock timeout does. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** Longer than any server's lock timeout setting allows; keeps the arithmetic away from overflow. */
    private static final Duration LONGEST_HOLD = Duration.ofDays(36_500);

    /** What a scenario does to set up its incident. */
    interface Body {
        void build(LabRun run) throws Exception;
    }

    /** A scenario's ending. */
    interface Finisher {
        List<String> finish() throws Exception;
    }

    private final String scenario;
    private final LabContext context;
    private final Observer observer;
    private final Dialect dialect;
    private final String prefix;
    private final List<LabSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Role> roles = new CopyOnWriteArrayList<>();
    private final List<String> tables = new CopyOnWriteArrayList<>();
    private final Thread cleanupOnExit;
    private volatile Expectation expected;
    private volatile Finisher finisher = () -> List.of();
    private volatile boolean finished;
    private boolean closed;

    private LabRun(String scenario, LabContext context, Observer observer, Dialect dialect) {
        this.scenario = scenario;
        this.context = context;
        this.observer = observer;
        this.dialect = dialect;
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.prefix = "dbrescue_lab_" + scenario.replace('-', '_') + "_" + HexFormat.of().formatHex(random);
        this.cleanupOnExit = new Thread(this::close, "dbrescue-lab-cleanup-" + scenario);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Opens the observer, runs the scenario's body, and cleans up everything if the incident does not form. */
    static Incident start(Scenario scenario, LabContext context, Body body) throws Exception {
        LabRun run = open(scenario.name(), context);
        try {
            body.build(run);
            if (run.expected == null) {
                throw new IllegalStateException("scenario " + scenario.name() + " set no expectation");
            }
            run.log("The incident is in place; holding it.");
            return run;
        } catch (SQLException e) {
            run.close();
            throw new DbRescueException(ErrorCode.ACTION_FAILED, "Lab scenario " + scenario.name() + " failed while setting up: "
                    + run.dialect.describe(e) + " (the lab's user needs to create tables in the target database and to see its own sessions:"
                    + " on MySQL/MariaDB the PROCESS privilege).", e);
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    static LabRun open(String scenario, LabContext context) throws SQLException {
        ServerConnection connection = context.connector().openUnguarded(context.target());
        try {
            Dialect dialect = Dialect.of(connection.server());
            Observer observer = new Observer(connection, dialect);
            if (connection.server().engine().family() == Engine.Family.MYSQL && observer.queryString("SELECT DATABASE()") == null) {
                throw new DbRescueException(ErrorCode.USAGE, "The lab needs a database for its tables: add one to the target, e.g. "
                        + context.target().withDatabase("test") + ".");
            }
            return new LabRun(scenario, context, observer, dialect);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    // ---- for scenarios ----

    ServerInfo server() {
        return observer.connection().server();
    }

    boolean mysqlFamily() {
        return server().engine().family() == Engine.Family.MYSQL;
    }

    Dialect dialect() {
        return dialect;
    }

    Observer observer() {
        return observer;
    }

    Duration hold() {
        return context.hold();
    }

    /** How long lab sessions wait for a lock: longer than the hold, so the incident lasts. */
    Duration lockWait() {
        // A hold "until Ctrl-C" may be huge: the dialects cap the setting at what the server accepts.
        Duration hold = context.hold().compareTo(LONGEST_HOLD) > 0 ? LONGEST_HOLD : context.hold();
        return hold.plus(MARGIN);
    }

    /** Registers a table for this run and returns its quoted name; close() drops it. */
    String table(String what) {
        String name = prefix + "_" + what;
        tables.add(name);
        return dialect.quote(name);
    }

    /** Runs set-up SQL (DDL, seed rows) on the observer, outside any lab transaction. */
    void setup(String sql) throws SQLException {
        log("setup: " + (sql.length() > 160 ? sql.substring(0, 157) + "..." : sql));
        observer.execute(sql);
    }

    /** Opens a lab session with lock timeouts longer than the hold, and records its role. */
    LabSession session(String name, String description) throws SQLException {
        ServerConnection connection = context.connector().openUnguarded(context.target());
        try {
            long id;
            connection.connection().setAutoCommit(true);
            try (Statement s = connection.connection().createStatement()) {
                try (ResultSet rs = s.executeQuery(dialect.sessionIdQuery())) {
                    rs.next();
                    id = rs.getLong(1);
                }
                for (String setting : dialect.labSessionSettings("dbrescue lab " + scenario + " " + name, lockWait())) {
                    s.execute(setting);
                }
            }
            LabSession session = new LabSession(name, id, connection, "dbrescue-lab-" + scenario + "-" + name, this::log);
            sessions.add(session);
            roles.add(new Role(name, id, description));
            log(session.label() + ": " + description);
            return session;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Returns once every given session waits for a lock, as the server's own views show it (InnoDB LOCK WAIT or a
     * metadata-lock thread state; PostgreSQL wait_event_type Lock). Fails fast when one of their statements ends
     * instead of waiting, and after {@link #STEADY_STATE_TIMEOUT} otherwise.
     */
    void awaitWaiting(LabSession... waiting) throws SQLException, InterruptedException {
        List<Long> ids = Arrays.stream(waiting).map(LabSession::id).toList();
        Instant begin = Instant.now();
        Instant deadline = begin.plus(STEADY_STATE_TIMEOUT);
        int polls = 0;
        while (true) {
            polls++;
            for (LabSession s : waiting) {
                Pending p = s.last();
                if (p != null && p.done()) {
                    SQLException error = p.error();
                    throw new DbRescueException(ErrorCode.ACTION_FAILED, "Lab scenario " + scenario + ": " + s.label() + "'s `" + p.sql() + "` "
                            + (error == null ? "went through" : "failed with " + dialect.describe(error))
                            + " instead of waiting for a lock, so the incident did not form.");
                }
            }
            Set<Long> seen = observer.waiting(ids);
            if (seen.containsAll(ids)) {
                log("waiting for a lock now: " + labels(waiting) + " (seen after " + Duration.between(begin, Instant.now()).toMillis()
                        + " ms, " + polls + " polls)");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                String missing = Arrays.stream(waiting).filter(s -> !seen.contains(s.id())).map(LabSession::label)
                        .collect(Collectors.joining(", "));
                throw new DbRescueException(ErrorCode.ACTION_FAILED, "Lab scenario " + scenario + " did not reach its steady state within "
                        + STEADY_STATE_TIMEOUT.toSeconds() + " s: " + missing + " not waiting for a lock as the server shows it."
                        + " Is the server overloaded, or are its lock settings unusual?");
            }
            Thread.sleep(dialect.pollInterval().toMillis());
        }
    }

    void expect(Expectation expectation) {
        this.expected = expectation;
    }

    void onFinish(Finisher finisher) {
        this.finisher = finisher;
    }

    void log(String line) {
        context.log().println("[lab " + scenario + "] " + line);
        context.log().flush();
    }

    /** {@code A (session 12), B (session 13)}. */
    static String labels(LabSession... sessions) {
        return Arrays.stream(sessions).map(LabSession::label).collect(Collectors.joining(", "));
    }

    /** {@code 3.2 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** How a statement ended, in one line: {@code went through after 3.2 s} or the server's error. */
    String outcome(Pending p) {
        if (!p.done()) {
            return "was still waiting after " + seconds(p.elapsed());
        }
        SQLException error = p.error();
        return error == null ? "went through after " + seconds(p.elapsed()) : "got " + dialect.describe(error) + " after " + seconds(p.elapsed());
    }

    // ---- Incident ----

    @Override
    public List<Role> roles() {
        return List.copyOf(roles);
    }

    @Override
    public Expectation expected() {
        return expected;
    }

    @Override
    public List<String> tables() {
        return List.copyOf(tables);
    }

    @Override
    public List<Long> sessionIds() {
        return sessions.stream().map(LabSession::id).toList();
    }

    @Override
    public List<String> finish() throws Exception {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the " + scenario + " incident is already closed");
            }
            if (finished) {
                return List.of();
            }
            finished = true;
        }
        List<String> lines = finisher.finish();
        lines.forEach(line -> log("outcome: " + line));
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
                // the hook runs (or ran) anyway; close() is idempotent
            }
        }
        List<LabSession> reversed = new ArrayList<>(sessions);
        java.util.Collections.reverse(reversed);
        // Sessions stuck in a statement are ended by the server (their transaction rolls back); the others roll back
        // on their own thread. Waiters go first so that nothing queued runs once the holders let go.
        for (LabSession s : reversed) {
            if (s.busy()) {
                try {
                    observer.terminate(s.id());
                } catch (SQLException e) {
                    log("warning: could not end " + s.label() + ": " + Secrets.scrub(e.getMessage(), context.target().password()));
                }
            }
        }
        for (LabSession s : reversed) {
            s.close(Duration.ofSeconds(2));
        }
        awaitGone(sessionIds());
        dropTables();
        observer.close();
        log("cleaned up: " + sessions.size() + " session(s) ended" + (tables.isEmpty() ? "" : ", dropped " + String.join(", ", tables)));
    }

    private void awaitGone(List<Long> ids) {
        Instant deadline = Instant.now().plusSeconds(10);
        try {
            while (!observer.alive(ids).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            log("warning: could not check that the lab's sessions ended: " + Secrets.scrub(e.getMessage(), context.target().password()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropTables() {
        List<String> reversed = new ArrayList<>(tables);
        java.util.Collections.reverse(reversed); // children before parents
        for (String table : reversed) {
            try {
                observer.execute("DROP TABLE IF EXISTS " + dialect.quote(table));
            } catch (SQLException e) {
                log("warning: could not drop " + table + ": " + Secrets.scrub(e.getMessage(), context.target().password())
                        + "; drop it by hand: DROP TABLE " + dialect.quote(table));
            }
        }
    }
}
