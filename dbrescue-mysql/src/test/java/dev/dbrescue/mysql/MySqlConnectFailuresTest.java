package dev.dbrescue.mysql;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping alone; MySqlConnectIT checks the same against a real server's answers. */
class MySqlConnectFailuresTest {

    private final Target target = Target.parse("mysql://app:Sup3rSecret@db.example:3307/shop");

    @Test
    void accessDeniedSaysWhoAndWherePasswordsComeFromWithoutThePassword() {
        DbRescueException e = MySqlConnectFailures.translate(
                new SQLException("Access denied for user 'app'@'10.0.0.9' (using password: YES) Sup3rSecret", "28000", 1045), target);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("'app'", "db.example:3307", "DBRESCUE_PASSWORD", "MYSQL_PWD", "~/.my.cnf")
                .doesNotContain("Sup3rSecret");
    }

    @Test
    void mariadbsNoPasswordDenialIsAuthenticationTooAndDropsTheConnectionIdPrefix() {
        Target noPassword = Target.parse("mysql://nobody@db.example");
        DbRescueException e = MySqlConnectFailures.translate(
                new SQLException("(conn=369) Access denied for user 'nobody'@'10.0.0.9'", "28000", 1698), noPassword);
        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
        assertThat(e.getMessage()).contains("'nobody' without a password", "(Access denied for user").doesNotContain("conn=");
    }

    @Test
    void refusedSocketIsUnreachable() {
        SQLException failure = new SQLNonTransientConnectionException("Socket fail to connect to db.example", "08000", -1,
                new ConnectException("Connection refused"));
        DbRescueException e = MySqlConnectFailures.translate(failure, target);
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(e.getMessage()).startsWith("Cannot reach MySQL/MariaDB at db.example:3307: check host, port and firewall")
                .contains("Connection refused");
    }

    @Test
    void unknownDatabaseIsAUsageError() {
        DbRescueException e = MySqlConnectFailures.translate(new SQLException("Unknown database 'shop'", "42000", 1049), target);
        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).contains("'shop'");
    }

    @Test
    void tooManyConnectionsPointsAtTheReservedConnection() {
        DbRescueException e = MySqlConnectFailures.translate(new SQLException("Too many connections", "08004", 1040), target);
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
        assertThat(e.getMessage()).contains("extra_port", "admin_port", "CONNECTION_ADMIN");
    }

    @Test
    void jdbcTargetsAreShownMasked() {
        Target jdbc = Target.parse("jdbc:mariadb://db:3306/shop?user=app&password=Sup3rSecret");
        DbRescueException e = MySqlConnectFailures.translate(new SQLException("boom", "HY000", 1105), jdbc);
        assertThat(e.getMessage()).contains("password=***").doesNotContain("Sup3rSecret");
    }
}
