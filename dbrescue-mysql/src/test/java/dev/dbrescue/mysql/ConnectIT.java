package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connector.open() against a real MariaDB: the happy path and the failures a user can cause. */
class ConnectIT {

    private static final String WRONG_PASSWORD = "Wr0ng-Secret-4711";

    private final Target server = Target.parse(TestServers.mariadb().uri());
    private final Connector connector = new Connector(ScratchDatabase.NO_CLIENT_DEFAULTS);

    @Test
    void opensASafeSessionAndDetectsMariadb() throws Exception {
        try (ServerConnection c = connector.open(server)) {
            assertThat(c.server().engine()).isEqualTo(Engine.MARIADB);
            assertThat(c.server().version()).containsIgnoringCase("MariaDB");
            assertThat(c.family()).isInstanceOf(MySqlFamily.class);
            assertThat(c.connection().getAutoCommit()).isTrue();
            try (Statement s = c.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@autocommit, @@tx_isolation, @@lock_wait_timeout,"
                         + " @@innodb_lock_wait_timeout, @@max_statement_time")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("READ-COMMITTED");
                assertThat(rs.getLong(3)).isEqualTo(2);
                assertThat(rs.getLong(4)).isEqualTo(2);
                assertThat(rs.getDouble(5)).isEqualTo(5.0);
            }
        }
    }

    @Test
    void jdbcMysqlUrlsWorkThroughTheMariadbDriver() throws Exception {
        StringBuilder url = new StringBuilder("jdbc:mysql://").append(server.host()).append(':')
                .append(server.port() == null ? 3306 : server.port()).append("/?user=").append(server.user());
        if (server.password() != null) {
            url.append("&password=").append(server.password());
        }
        try (ServerConnection c = connector.open(Target.parse(url.toString()))) {
            assertThat(c.server().engine()).isEqualTo(Engine.MARIADB);
            assertThat(c.target().jdbcUrl()).endsWith("&permitMysqlScheme");
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationErrorThatNeverShowsThePassword() {
        Target wrong = server.withPassword(WRONG_PASSWORD);
        assertThatThrownBy(() -> connector.open(wrong)).isInstanceOfSatisfying(DbRescueException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.getMessage()).contains("'" + server.user() + "'", "DBRESCUE_PASSWORD", "MYSQL_PWD", "~/.my.cnf")
                    .doesNotContain(WRONG_PASSWORD).doesNotContain("\n");
        });
    }

    @Test
    void passwordFromTheEnvironmentIsUsedAndNeverShown() {
        Target noPassword = new Target(server.scheme(), server.host(), server.port(), server.database(), server.user(),
                null, null, server.options());
        Connector withEnvironment = new Connector(new ClientEnvironment(Map.of("DBRESCUE_PASSWORD", WRONG_PASSWORD),
                Path.of("/nonexistent/dbrescue-test-home"), "dbrescue-test"));
        assertThatThrownBy(() -> withEnvironment.open(noPassword)).isInstanceOfSatisfying(DbRescueException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.getMessage()).contains("using password: YES").doesNotContain(WRONG_PASSWORD);
        });
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Target closed = Target.parse("mysql://root:" + WRONG_PASSWORD + "@127.0.0.1:" + port);
        assertThatThrownBy(() -> connector.open(closed)).isInstanceOfSatisfying(DbRescueException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(e.getMessage()).startsWith("Cannot reach MySQL/MariaDB at 127.0.0.1:" + port
                    + ": check host, port and firewall").doesNotContain(WRONG_PASSWORD);
        });
    }

    @Test
    void databaseNamesNeedNoEscapingBeyondTheUri() throws Exception {
        String name = "dbrescue it " + java.util.UUID.randomUUID().toString().substring(0, 6);
        try (ServerConnection admin = connector.openUnguarded(server)) {
            try (Statement s = admin.connection().createStatement()) {
                s.execute("CREATE DATABASE " + MySqlNames.quote(name));
            }
            try {
                Target target = Target.parse(server.scheme() + "://" + server.user() + "@" + server.host() + ":"
                        + (server.port() == null ? 3306 : server.port()) + "/" + name.replace(" ", "%20"));
                try (ServerConnection c = connector.open(target.withPassword(server.password()));
                     Statement s = c.connection().createStatement();
                     ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(name);
                }
            } finally {
                try (Statement s = admin.connection().createStatement()) {
                    s.execute("DROP DATABASE " + MySqlNames.quote(name));
                }
            }
        }
    }

    @Test
    void unknownDatabaseIsAUsageError() {
        Target missing = server.withDatabase("dbrescue_no_such_database");
        assertThatThrownBy(() -> connector.open(missing)).isInstanceOfSatisfying(DbRescueException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains("'dbrescue_no_such_database'");
        });
    }
}
