package dev.dbrescue.mysql;

import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlClientDefaultsTest {

    @TempDir
    Path home;

    private ClientEnvironment env(Map<String, String> variables) {
        return new ClientEnvironment(variables, home, "loginname");
    }

    private void myCnf(String text) throws IOException {
        Files.writeString(home.resolve(".my.cnf"), text);
    }

    @Test
    void urlCredentialsWin() throws IOException {
        myCnf("[client]\nuser=cnfuser\npassword=cnfpw\n");
        Target t = MySqlClientDefaults.apply(Target.parse("mysql://bob:urlpw@db:3307"),
                env(Map.of("DBRESCUE_PASSWORD", "envpw", "MYSQL_PWD", "mysqlpwd")));
        assertThat(t.user()).isEqualTo("bob");
        assertThat(t.password()).isEqualTo("urlpw");
    }

    @Test
    void passwordOrderIsDbrescueThenMysqlPwdThenMyCnf() throws IOException {
        myCnf("[client]\npassword=cnfpw\n");
        Target target = Target.parse("mysql://bob@db");
        assertThat(MySqlClientDefaults.apply(target, env(Map.of("DBRESCUE_PASSWORD", "envpw", "MYSQL_PWD", "mysqlpwd"))).password())
                .isEqualTo("envpw");
        assertThat(MySqlClientDefaults.apply(target, env(Map.of("MYSQL_PWD", "mysqlpwd"))).password()).isEqualTo("mysqlpwd");
        assertThat(MySqlClientDefaults.apply(target, env(Map.of())).password()).isEqualTo("cnfpw");
    }

    @Test
    void userFromMyCnfThenLoginName() throws IOException {
        assertThat(MySqlClientDefaults.apply(Target.parse("mysql://db"), env(Map.of())).user()).isEqualTo("loginname");
        assertThat(MySqlClientDefaults.apply(Target.parse("mysql://db"), env(Map.of())).password()).isNull();
        myCnf("[mysql]\nuser = 'cnf user'\n");
        assertThat(MySqlClientDefaults.apply(Target.parse("mysql://db"), env(Map.of())).user()).isEqualTo("cnf user");
    }

    @Test
    void explicitEmptyPasswordInUrlIsKept() {
        Target t = MySqlClientDefaults.apply(Target.parse("mysql://root:@db"), env(Map.of("MYSQL_PWD", "x")));
        assertThat(t.password()).isEmpty();
    }

    @Test
    void jdbcMysqlUrlGetsTheFlagTheMariadbDriverNeeds() {
        Target t = MySqlClientDefaults.apply(Target.parse("jdbc:mysql://db:3306/shop"), env(Map.of()));
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/shop?permitMysqlScheme");
        Target withQuery = MySqlClientDefaults.apply(Target.parse("jdbc:mysql://db/shop?user=u"), env(Map.of("MYSQL_PWD", "pw")));
        assertThat(withQuery.jdbcUrl()).isEqualTo("jdbc:mysql://db/shop?user=u&permitMysqlScheme");
        assertThat(withQuery.user()).isNull(); // the URL names the user: the driver takes it from there
        assertThat(withQuery.password()).isEqualTo("pw");
        Target mariadb = MySqlClientDefaults.apply(Target.parse("jdbc:mariadb://db/shop?user=u&password=p"), env(Map.of("MYSQL_PWD", "pw")));
        assertThat(mariadb.jdbcUrl()).isEqualTo("jdbc:mariadb://db/shop?user=u&password=p");
        assertThat(mariadb.password()).isNull();
    }

    @Test
    void unreadableMyCnfIsSkipped() throws IOException {
        Files.createDirectory(home.resolve(".my.cnf")); // a directory where the file should be
        assertThat(MySqlClientDefaults.apply(Target.parse("mysql://db"), env(Map.of())).user()).isEqualTo("loginname");
    }
}
