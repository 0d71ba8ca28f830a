package dev.dbrescue.postgres;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLSTATE mapping, fed with exceptions shaped as pgjdbc builds them from the server's ErrorResponse fields
 * (S severity, C code, M message). States the local trust-only server cannot produce (28P01, 53300) are covered here;
 * the others are also exercised against a real server in PostgresConnectIT.
 */
class PostgresConnectFailuresTest {

    private static final String PASSWORD = "Sup3r-Secret";
    private final Target target = Target.parse("postgresql://app:" + PASSWORD + "@db1:6543/shop");

    @Test
    void wrongPasswordIsAuthenticationNamingUserAndSources() {
        DbRescueException e = translate(server("28P01", "password authentication failed for user \"app\""));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("db1:6543", "'app'", "DBRESCUE_PASSWORD", "PGPASSWORD", "~/.pgpass");
    }

    @Test
    void pgHbaRejectionIsAuthenticationWithTheServersReason() {
        DbRescueException e = translate(server("28000",
                "no pg_hba.conf entry for host \"10.0.0.9\", user \"app\", database \"shop\", no encryption"));
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("no pg_hba.conf entry", "pg_hba.conf", "PGPASSWORD");
    }

    @Test
    void unknownDatabaseIsUsage() {
        DbRescueException e = translate(server("3D000", "database \"shop\" does not exist"));
        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).contains("'shop'", "db1:6543");
    }

    @Test
    void tooManyClientsIsConnectionAndMentionsReservedSlots() {
        DbRescueException e = translate(server("53300", "sorry, too many clients already"));
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(e.getMessage()).contains("superuser_reserved_connections", "reserved_connections", "too many clients");
    }

    @Test
    void refusedIsConnectionWithTheChecklist() {
        SQLException refused = new PSQLException("Connection to db1:6543 refused. Check that the hostname and port are correct.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused"));
        DbRescueException e = translate(refused);
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(e.getMessage()).startsWith("Cannot reach PostgreSQL at db1:6543: check host, port, listen_addresses and pg_hba.conf")
                .contains("Connection refused");
    }

    @Test
    void missingPasswordIsAuthentication() {
        SQLException noPassword = new PSQLException(
                "The server requested password-based authentication, but no password was provided by plugin null",
                PSQLState.CONNECTION_REJECTED);
        DbRescueException e = translate(noPassword);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("PGPASSWORD");
    }

    @Test
    void passwordNeverShownEvenWhenTheDriverEchoesIt() {
        SQLException echo = new PSQLException("Connection to postgresql://app:" + PASSWORD + "@db1 failed, password=" + PASSWORD,
                PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        for (SQLException failure : new SQLException[]{echo, server("28P01", "bad password " + PASSWORD), server("XX000", PASSWORD)}) {
            assertThat(translate(failure).getMessage()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void jdbcTargetIsShownMasked() {
        Target jdbc = Target.parse("jdbc:postgresql://db1/shop?user=app&password=" + PASSWORD);
        DbRescueException e = new PostgresFamily().connectFailure(server("3D000", "database \"shop\" does not exist"), jdbc);
        assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("password=***");
    }

    private DbRescueException translate(SQLException failure) {
        return new PostgresFamily().connectFailure(failure, target);
    }

    private static PSQLException server(String sqlState, String message) {
        return new PSQLException(new ServerErrorMessage("SFATAL\0C" + sqlState + "\0M" + message + "\0"));
    }
}
