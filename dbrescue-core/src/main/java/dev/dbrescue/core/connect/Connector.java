package dev.dbrescue.core.connect;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.spi.EngineFamily;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Secrets;
import dev.dbrescue.core.target.Target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens dbrescue's own session: picks the driver from the target, fills in credentials from the client conventions,
 * detects the engine from the server, and makes the session safe before anything else runs on it.
 */
public final class Connector {

    private final ClientEnvironment environment;

    public Connector(ClientEnvironment environment) {
        this.environment = environment;
    }

    public ServerConnection open(Target given) {
        EngineFamily driverFamily = EngineFamilies.forTarget(given);
        Target target = driverFamily.withClientDefaults(given, environment);
        Connection connection = connect(driverFamily, target);
        try {
            ServerInfo server = identify(connection, target);
            EngineFamily family = familyOf(server, driverFamily);
            family.makeSafe(connection, server);
            return new ServerConnection(connection, server, family, target);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DbRescueException(ErrorCode.CONNECTION, "Connected to " + target + " but could not set up a safe session: "
                    + Secrets.scrub(e.getMessage(), target.password()), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * Opens a session that is identified but NOT made safe: for the incident lab, whose sessions must hold locks and
     * wait like an application would. Never use it for diagnosis.
     */
    public ServerConnection openUnguarded(Target given) {
        EngineFamily driverFamily = EngineFamilies.forTarget(given);
        Target target = driverFamily.withClientDefaults(given, environment);
        Connection connection = connect(driverFamily, target);
        try {
            ServerInfo server = identify(connection, target);
            return new ServerConnection(connection, server, familyOf(server, driverFamily), target);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DbRescueException(ErrorCode.CONNECTION, "Connected to " + target + " but could not identify the server: "
                    + Secrets.scrub(e.getMessage(), target.password()), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static Connection connect(EngineFamily family, Target target) {
        Properties properties = new Properties();
        target.options().forEach(properties::setProperty);
        if (target.user() != null) {
            properties.setProperty("user", target.user());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        String url = target.jdbcUrl() != null ? target.jdbcUrl() : family.jdbcUrl(target);
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw family.connectFailure(e, target);
        }
    }

    private static ServerInfo identify(Connection connection, Target target) throws SQLException {
        for (EngineFamily family : EngineFamilies.all()) {
            Optional<ServerInfo> server = family.identify(connection);
            if (server.isPresent()) {
                return server.get();
            }
        }
        throw new DbRescueException(ErrorCode.UNSUPPORTED_SERVER, "The server at " + target + " is "
                + connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion()
                + ", which dbrescue does not support: it works with MySQL 5.7+, MariaDB 10.3+ and PostgreSQL 10+.");
    }

    private static EngineFamily familyOf(ServerInfo server, EngineFamily fallback) {
        for (EngineFamily family : EngineFamilies.all()) {
            if (family.name().equals(server.engine().family().name().toLowerCase(java.util.Locale.ROOT))) {
                return family;
            }
        }
        return fallback;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the original error is the one to report
        }
    }
}
