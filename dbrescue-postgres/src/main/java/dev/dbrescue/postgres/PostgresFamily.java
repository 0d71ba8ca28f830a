package dev.dbrescue.postgres;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.spi.ConnectionsReader;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.EngineFamily;
import dev.dbrescue.core.spi.LockSnapshotReader;
import dev.dbrescue.core.spi.SessionKiller;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** PostgreSQL 10 and later, through pgjdbc. Registered in META-INF/services for {@link java.util.ServiceLoader}. */
public final class PostgresFamily implements EngineFamily {

    /** PostgreSQL 10 brought pg_stat_activity.backend_type and pg_read_all_stats; pg_blocking_pids is 9.6+. */
    static final int MINIMUM_VERSION_NUM = 100000;

    /**
     * Our own session must never be the problem: a statement that runs away or waits on a lock gives up quickly,
     * and a transaction left open by mistake is ended by the server
     * (https://www.postgresql.org/docs/current/runtime-config-client.html).
     */
    static final List<String> SAFE_SETTINGS = List.of(
            "SET statement_timeout = '5s'",
            "SET lock_timeout = '1s'",
            "SET idle_in_transaction_session_timeout = '10s'");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Set<String> uriSchemes() {
        return Set.of("postgresql", "postgres");
    }

    @Override
    public Set<String> jdbcSubprotocols() {
        return Set.of("postgresql");
    }

    @Override
    public String jdbcUrl(Target target) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(target.host())
                .append(':').append(target.port() == null ? PostgresClientDefaults.DEFAULT_PORT : target.port()).append('/');
        if (target.database() != null) {
            // pgjdbc URL-decodes the database name.
            url.append(URLEncoder.encode(target.database(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    @Override
    public Target withClientDefaults(Target target, ClientEnvironment environment) {
        return PostgresClientDefaults.apply(target, environment);
    }

    @Override
    public Optional<ServerInfo> identify(Connection connection) throws SQLException {
        if (!"PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            return Optional.empty();
        }
        String version;
        int versionNum;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
            rs.next();
            version = rs.getString(1);
            versionNum = rs.getInt(2);
        }
        if (versionNum < MINIMUM_VERSION_NUM) {
            throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER, "PostgreSQL " + version
                    + " is too old for dbrescue: it needs PostgreSQL 10 or later (backend_type, pg_read_all_stats).");
        }
        // server_version_num is MMmmmm from 10 on: 150020 is 15.20. The string may carry a distribution suffix.
        return Optional.of(new ServerInfo(Engine.POSTGRESQL, version, versionNum / 10000, versionNum % 10000, 0));
    }

    @Override
    public void makeSafe(Connection connection, ServerInfo server) throws SQLException {
        connection.setAutoCommit(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        for (String setting : SAFE_SETTINGS) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(setting);
            } catch (SQLException refused) {
                // A pooler or a restricted role may refuse a setting; the session is still usable, and autocommit
                // means the failure left no aborted transaction behind.
            }
        }
    }

    @Override
    public DbRescueException connectFailure(SQLException failure, Target target) {
        return PostgresConnectFailures.translate(failure, target);
    }

    @Override
    public LockSnapshotReader lockSnapshotReader(ServerInfo server) {
        return new PostgresLockSnapshotReader(server);
    }

    @Override
    public ConnectionsReader connectionsReader(ServerInfo server) {
        return new PostgresConnectionsReader(server);
    }

    @Override
    public DeadlockFeed deadlockFeed(ServerInfo server) {
        return new PostgresDeadlockFeed();
    }

    @Override
    public SessionKiller sessionKiller(ServerInfo server) {
        return new PostgresSessionKiller();
    }
}
