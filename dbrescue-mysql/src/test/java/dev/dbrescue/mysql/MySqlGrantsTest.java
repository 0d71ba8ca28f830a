package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SHOW GRANTS lines as MariaDB 10.11.19 and MySQL 8.0 print them (hashes shortened). */
class MySqlGrantsTest {

    @Test
    void superConnectionAdminAndAllPrivilegesMayEndOthers() {
        assertThat(MySqlGrants.mayEndOthers(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`127.0.0.1` WITH GRANT OPTION"), true)).isTrue();
        assertThat(MySqlGrants.mayEndOthers(List.of("GRANT PROCESS, SUPER ON *.* TO `ops`@`%`"), true)).isTrue();
        assertThat(MySqlGrants.mayEndOthers(List.of("GRANT USAGE ON *.* TO `ops`@`%`",
                "GRANT APPLICATION_PASSWORD_ADMIN,AUDIT_ADMIN,CONNECTION_ADMIN ON *.* TO `ops`@`%`"), false)).isTrue();
    }

    @Test
    void processAloneOrSchemaGrantsMayNot() {
        assertThat(MySqlGrants.mayEndOthers(List.of(
                "GRANT PROCESS ON *.* TO `kt_plain`@`%` IDENTIFIED BY PASSWORD '*B690'",
                "GRANT ALL PRIVILEGES ON `shop`.* TO `kt_plain`@`%`"), true)).isFalse();
    }

    @Test
    void mariaDbShowsTheActiveRolesGrantsMySqlDoesNot() {
        List<String> mariadb = List.of("GRANT `kt_role` TO `kt_user`@`%`",
                "GRANT USAGE ON *.* TO `kt_user`@`%` IDENTIFIED BY PASSWORD '*B690'",
                "GRANT CONNECTION ADMIN ON *.* TO `kt_role`",
                "SET DEFAULT ROLE `kt_role` FOR `kt_user`@`%`");
        assertThat(MySqlGrants.mayEndOthers(mariadb, true)).isTrue();
        List<String> mysql = List.of("GRANT USAGE ON *.* TO `u`@`%`", "GRANT `ops_role`@`%` TO `u`@`%`");
        assertThat(MySqlGrants.mayEndOthers(mysql, false)).as("unknown: the role's privileges are not listed").isNull();
        assertThat(MySqlGrants.mayEndOthers(mysql, true)).isFalse();
    }

    @Test
    void granteesGiveTheirUserName() {
        assertThat(MySqlGrants.userOf("'root'@'localhost'")).isEqualTo("root");
        assertThat(MySqlGrants.userOf("'o''brien'@'%'")).isEqualTo("o'brien");
        assertThat(MySqlGrants.userOf("nonsense")).isNull();
    }
}
