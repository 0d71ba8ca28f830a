package dev.dbrescue.testkit.lab;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The little SQL that differs between engine families in the lab. Scenarios stay readable: the statements that make
 * the incident are written in the scenario itself; only syntax and server plumbing live here.
 */
interface Dialect {

    static Dialect of(ServerInfo server) {
        return server.engine().family() == Engine.Family.MYSQL ? new MySqlDialect(server) : new PostgresDialect();
    }

    /** Returns this session's id as {@code dbrescue locks} shows it. */
    String sessionIdQuery();

    /** Counts the sessions with the given id still on the server (0 once it has ended). */
    String sessionCountQuery(long sessionId);

    /** Statements that make a lab session wait like an application: lock waits longer than the hold, no statement limit. */
    List<String> labSessionSettings(String applicationName, Duration lockWait);

    /** Statements that make the observer harmless: it creates and drops tables and reads server views only. */
    List<String> observerSettings();

    /** Sets how long this session waits for a row lock before giving up (lock-wait-timeout). */
    String lockWaitTimeout(Duration timeout);

    String quote(String identifier);

    /** {@code CREATE TABLE name (columns)} with the engine clause this family needs. */
    String createTable(String quotedName, String columns);

    /** An auto-numbered primary key column named {@code id}. */
    String autoIncrementId();

    /** The suffix that takes a shared row lock on what a SELECT reads. */
    String forShare();

    /** Session ids (of the given ones) waiting for a lock right now, as the server's own views show it. */
    String waitingSessionsQuery();

    /** How often the observer may look at the server's lock views without disturbing what it sees. */
    java.time.Duration pollInterval();

    /** Session ids that exist right now. */
    String liveSessionsQuery();

    /** Ends a session; the server rolls back its transaction. */
    String terminate(long sessionId);

    /** Cancels a session's running statement, keeping the session and (on InnoDB) its transaction. */
    String cancel(long sessionId);

    boolean isDeadlock(SQLException e);

    boolean isLockWaitTimeout(SQLException e);

    /** The server refused a new session because it has too many. */
    boolean isTooManyConnections(SQLException e);

    /** One line in the server's words: {@code ERROR 1213 (40001): Deadlock found ...}. */
    String describe(SQLException e);

    /** Max lock timeout in seconds the server accepts. */
    long maxLockWaitSeconds();
}
