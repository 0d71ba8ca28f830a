package dev.dbrescue.core.spi;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Everything dbrescue needs from one engine family (MySQL/MariaDB, PostgreSQL). Implementations live in their own
 * module and are found by {@link java.util.ServiceLoader}: the core never branches on the engine.
 */
public interface EngineFamily {

    /** Short name for messages: {@code mysql}, {@code postgresql}. */
    String name();

    /** URI schemes that select this family's driver, e.g. {@code mysql}, {@code mariadb}. */
    Set<String> uriSchemes();

    /** jdbc subprotocols this family's driver accepts, e.g. {@code mariadb}, {@code mysql}. */
    Set<String> jdbcSubprotocols();

    /** The jdbc URL for a URI target, without credentials (they go in driver properties). */
    String jdbcUrl(Target target);

    /** Fills in user and password from the client conventions of this engine when the target lacks them. */
    Target withClientDefaults(Target target, ClientEnvironment environment);

    /** The server this connection talks to, if this family handles it. Families are asked in priority order. */
    Optional<ServerInfo> identify(Connection connection) throws SQLException;

    /**
     * Makes dbrescue's own session harmless: autocommit, READ COMMITTED, short lock and statement timeouts.
     */
    void makeSafe(Connection connection, ServerInfo server) throws SQLException;

    /** Translates a failure to connect into one line that says what to do. */
    DbRescueException connectFailure(SQLException failure, Target target);

    /** Reads one lock snapshot. */
    LockSnapshotReader lockSnapshotReader(ServerInfo server);

    /** Sessions, connection limits, counters and idle timeouts, for {@code dbrescue connections}. */
    default ConnectionsReader connectionsReader(ServerInfo server) {
        throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER,
                "dbrescue cannot count connections on " + server + " yet.");
    }

    /** Where the server tells about its deadlocks, for {@code deadlocks watch}. */
    default DeadlockFeed deadlockFeed(ServerInfo server) {
        throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER,
                "dbrescue cannot watch deadlocks on " + server + " yet.");
    }

    /**
     * The live schema, for naming index record fields and confirming foreign-key locks in deadlock reports. Engines
     * without one answer nothing ({@link SchemaLookup#NONE}).
     */
    default SchemaLookup schemaLookup(ServerInfo server) {
        return SchemaLookup.NONE;
    }

    /** The statements sessions ran, for filling in deadlocked transactions. Engines without one remember nothing. */
    default StatementHistory statementHistory(ServerInfo server) {
        return StatementHistory.NONE;
    }

    /** Ends sessions, for {@code dbrescue kill}. */
    default SessionKiller sessionKiller(ServerInfo server) {
        throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER, "dbrescue cannot end sessions on " + server + " yet.");
    }
}
