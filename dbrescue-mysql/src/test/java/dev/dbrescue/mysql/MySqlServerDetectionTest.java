package dev.dbrescue.mysql;

import dev.dbrescue.core.error.DbRescueException;
import dev.dbrescue.core.error.ErrorCode;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySqlServerDetectionTest {

    @Test
    void mariadbIsToldByItsVersionEvenWhenTheDriverSaysMysql() {
        ServerInfo server = MySqlServerDetection.classify("MySQL", "10.11.19-MariaDB-0+deb12u1").orElseThrow();
        assertThat(server.engine()).isEqualTo(Engine.MARIADB);
        assertThat(server.major()).isEqualTo(10);
        assertThat(server.minor()).isEqualTo(11);
        assertThat(server.version()).isEqualTo("10.11.19-MariaDB-0+deb12u1");
    }

    @Test
    void mysqlAndItsBuilds() {
        assertThat(MySqlServerDetection.classify("MySQL", "8.0.36").orElseThrow().engine()).isEqualTo(Engine.MYSQL);
        assertThat(MySqlServerDetection.classify("MySQL", "5.7.44-log").orElseThrow().minor()).isEqualTo(7);
        assertThat(MySqlServerDetection.classify("MySQL", "8.0.35-27").orElseThrow().engine()).isEqualTo(Engine.MYSQL); // Percona
    }

    @Test
    void otherProductsAreNotClaimed() {
        assertThat(MySqlServerDetection.classify("PostgreSQL", "15.4")).isEmpty();
        assertThat(MySqlServerDetection.classify("MySQL", "8.0.11-TiDB-v7.5.0")).isEmpty();
        assertThat(MySqlServerDetection.claimsProduct("PostgreSQL")).isFalse();
        assertThat(MySqlServerDetection.claimsProduct("MariaDB")).isTrue();
    }

    @Test
    void oldServersAreRefusedWithOneClearLine() {
        assertThatThrownBy(() -> MySqlServerDetection.classify("MySQL", "5.6.51"))
                .isInstanceOfSatisfying(DbRescueException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SERVER);
                    assertThat(e.getMessage()).contains("MySQL 5.6.51").contains("MySQL 5.7 or later").doesNotContain("\n");
                });
        assertThatThrownBy(() -> MySqlServerDetection.classify("MariaDB", "10.2.44-MariaDB"))
                .isInstanceOfSatisfying(DbRescueException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SERVER);
                    assertThat(e.getMessage()).contains("MariaDB 10.3 or later");
                });
        assertThat(MySqlServerDetection.classify("MariaDB", "10.3.39-MariaDB")).isPresent();
    }
}
