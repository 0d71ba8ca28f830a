package dev.dbrescue.testkit.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerHandleTest {

    @Test
    void mysqlAndMariadbUrisUseTheMariadbDriver() {
        assertThat(new ServerHandle("mysql://root@127.0.0.1:3306/test", false).jdbcUrl())
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/test?user=root");
        assertThat(new ServerHandle("mariadb://app@db.example", false).jdbcUrl())
                .isEqualTo("jdbc:mariadb://db.example:3306/?user=app");
    }

    @Test
    void postgresUrisUseThePostgresDriverAndDefaultDatabase() {
        assertThat(new ServerHandle("postgresql://postgres@127.0.0.1:5432/postgres", false).jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertThat(new ServerHandle("postgres://u@h", false).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:5432/postgres?user=u");
    }

    @Test
    void passwordAndOptionsBecomeEncodedParameters() {
        assertThat(new ServerHandle("postgresql://u:p%26w@h:1/d?sslmode=disable", false).jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:1/d?user=u&password=p%26w&sslmode=disable");
    }

    @Test
    void jdbcUrlsPassThrough() {
        assertThat(new ServerHandle("jdbc:mariadb://h:3307/x?user=r", false).jdbcUrl())
                .isEqualTo("jdbc:mariadb://h:3307/x?user=r");
    }

    @Test
    void unknownSchemeIsAClearError() {
        assertThatThrownBy(() -> new ServerHandle("oracle://scott@h/orcl", false).jdbcUrl())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mysql://");
    }
}
