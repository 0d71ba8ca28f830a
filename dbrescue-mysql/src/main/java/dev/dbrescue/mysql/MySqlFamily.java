package dev.dbrescue.mysql;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.spi.ConnectionsReader;
import dev.dbrescue.core.spi.DeadlockFeed;
import dev.dbrescue.core.spi.EngineFamily;
import dev.dbrescue.core.spi.LockSnapshotReader;
import dev.dbrescue.core.spi.SchemaLookup;
import dev.dbrescue.core.spi.SessionKiller;
import dev.dbrescue.core.spi.StatementHistory;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL 5.7 / 8.x and MariaDB 10.3+, all through MariaDB Connector/J (it speaks to both, and one driver means one
 * set of behaviours to test). Registered in META-INF/services for {@link java.util.ServiceLoader}.
 */
public final class MySqlFamily implements EngineFamily {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public Set<String> uriSchemes() {
        return Set.of("mysql", "mariadb");
    }

    @Override
    public Set<String> jdbcSubprotocols() {
        return Set.of("mariadb", "mysql");
    }

    @Override
    public String jdbcUrl(Target target) {
        StringBuilder url = new StringBuilder("jdbc:mariadb://").append(target.host())
                .append(':').append(target.port() == null ? MySqlClientDefaults.DEFAULT_PORT : target.port()).append('/');
        if (target.database() != null) {
            // Connector/J 3.x takes the path as the database name without URL-decoding it (checked with 3.5.6:
            // /we%20ird asks for `we%20ird`), so the decoded name goes in as it is.
            url.append(target.database());
        }
        return url.toString();
    }

    @Override
    public Target withClientDefaults(Target target, ClientEnvironment environment) {
        return MySqlClientDefaults.apply(target, environment);
    }

    @Override
    public Optional<ServerInfo> identify(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (!MySqlServerDetection.claimsProduct(product)) {
            return Optional.empty(); // not ours: run nothing on another engine's connection
        }
        String version;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        }
        return MySqlServerDetection.classify(product, version);
    }

    @Override
    public void makeSafe(Connection connection, ServerInfo server) throws SQLException {
        MySqlSessionGuard.makeSafe(connection, server);
    }

    @Override
    public DbRescueException connectFailure(SQLException failure, Target target) {
        return MySqlConnectFailures.translate(failure, target);
    }

    @Override
    public LockSnapshotReader lockSnapshotReader(ServerInfo server) {
        return new MySqlLockSnapshotReader(server);
    }

    @Override
    public ConnectionsReader connectionsReader(ServerInfo server) {
        return new MySqlConnectionsReader(server);
    }

    @Override
    public DeadlockFeed deadlockFeed(ServerInfo server) {
        return new MySqlDeadlockFeed(server);
    }

    @Override
    public SchemaLookup schemaLookup(ServerInfo server) {
        return new MySqlSchemaLookup();
    }

    @Override
    public StatementHistory statementHistory(ServerInfo server) {
        return new MySqlStatementHistory();
    }

    @Override
    public SessionKiller sessionKiller(ServerInfo server) {
        return new MySqlSessionKiller(server);
    }
}
