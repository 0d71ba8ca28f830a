package dev.dbrescue.core.connections.finding;

import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;

/**
 * The engine-specific words and SQL of the connections findings: how to set a timeout so that it lasts, how to end
 * idle sessions, which pooler fits. The connections analysis is engine-neutral except here (as the lock analysis is
 * except in {@code LockSemantics}). Every statement is printed for a person to run, never run by dbrescue.
 */
public interface ConnectionAdvice {

    static ConnectionAdvice of(ServerInfo server) {
        return server.engine().family() == Engine.Family.POSTGRESQL ? new PostgresConnectionAdvice()
                : new MySqlConnectionAdvice(server);
    }

    /** Which idle sessions to end: those idle outside a transaction for at least {@code minIdleSeconds}, of whom. */
    record IdleFilter(String user, String host, String application, double minIdleSeconds) {
    }

    /** The error a client gets when the server is full. */
    String refusal();

    /** Sets a server-wide timeout (seconds) for new sessions, lasting across restarts where the server allows. */
    String setTimeout(String name, double seconds);

    /** What else to do for the setting to survive a restart; null when {@link #setTimeout} already does. */
    String persistNote(String name, double seconds);

    /** Sets a timeout for one role's new sessions; null when the engine has no per-account settings. */
    String setTimeoutForRole(String role, String name, double seconds);

    /** Sets a timeout for the session that runs it, e.g. a batch job that needs longer than everyone else. */
    String setTimeoutForSession(String name, double seconds);

    /** The statement that ends (or lists the statements that end) the idle sessions the filter names. */
    String endIdle(IdleFilter filter);

    /** The statement that ends (or lists the statements that end) sessions idle in a transaction that long. */
    String endIdleInTransaction(double minIdleSeconds);

    /** Raising max_connections, and whether it takes effect at once. */
    String raiseMaxConnections(long to);

    /** The pooler that fits this engine: PgBouncer, ProxySQL. */
    String poolerName();

    /** The pooler that fits this engine and how to start with it. */
    String pooler(int busy);
}
