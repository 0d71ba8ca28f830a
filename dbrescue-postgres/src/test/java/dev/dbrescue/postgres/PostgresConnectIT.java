package dev.dbrescue.postgres;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Connector.open() against a real PostgreSQL. A wrong password (28P01) is not played here: the machine's server
 * trusts every local connection (pg_hba.conf "trust"), so it never checks one; PostgresConnectFailuresTest covers
 * that mapping. An unknown role is refused by the server even under trust, with 28000.
 */
class PostgresConnectIT {

    /** Put in every failing URL: whatever happens, it must not be shown. */
    private static final String PASSWORD = "Never-Shown-7x";

    @TempDir
    Path emptyHome;

    private final Target server = Target.parse(TestServers.postgres().uri());

    @Test
    void opensASafeIdentifiedSession() throws Exception {
        try (ServerConnection c = new Connector(ClientEnvironment.current()).open(server)) {
            assertThat(c.server().engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(c.server().major()).isGreaterThanOrEqualTo(10);
            assertThat(c.family()).isInstanceOf(PostgresFamily.class);
            Connection connection = c.connection();
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(show(connection, "statement_timeout")).isEqualTo("5s");
            assertThat(show(connection, "lock_timeout")).isEqualTo("1s");
            assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("10s");
            assertThat(show(connection, "application_name")).isEqualTo("dbrescue");
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertThat(c.server().major()).isEqualTo(rs.getInt(1) / 10000);
            }
        }
    }

    @Test
    void unreachablePortIsConnection() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Target target = Target.parse("postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + freePort + "/postgres");
        DbRescueException e = catchThrowableOfType(DbRescueException.class, () -> isolated().open(target));
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(e.getMessage()).startsWith("Cannot reach PostgreSQL at 127.0.0.1:" + freePort + ": check host, port, listen_addresses")
                .doesNotContain(PASSWORD);
    }

    @Test
    void unknownDatabaseIsUsage() {
        String database = "dbrescue_no_such_db_" + Long.toHexString(System.nanoTime());
        Target target = withPassword(server).withDatabase(database);
        DbRescueException e = catchThrowableOfType(DbRescueException.class, () -> isolated().open(target));
        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).contains("'" + database + "' does not exist").doesNotContain(passwordOf(target));
    }

    @Test
    void unknownRoleIsAuthentication() {
        String role = "dbrescue_no_such_role_" + Long.toHexString(System.nanoTime());
        Target target = withPassword(server).withUser(role);
        DbRescueException e = catchThrowableOfType(DbRescueException.class, () -> isolated().open(target));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("'" + role + "'", "does not exist", "PGPASSWORD", "~/.pgpass")
                .doesNotContain(passwordOf(target));
    }

    /** No environment variables and an empty home: only what the URL says. */
    private Connector isolated() {
        return new Connector(new ClientEnvironment(Map.of(), emptyHome, "nobody"));
    }

    /** The server's own password if its URL has one (so that the failure is the one under test), else ours. */
    private static Target withPassword(Target target) {
        return target.password() != null ? target : target.withPassword(PASSWORD);
    }

    private static String passwordOf(Target target) {
        return target.password();
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
