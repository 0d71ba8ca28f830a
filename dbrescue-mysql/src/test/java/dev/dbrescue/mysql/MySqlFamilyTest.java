package dev.dbrescue.mysql;

import dev.dbrescue.core.connect.EngineFamilies;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.model.ServerInfo;
import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlFamilyTest {

    private final MySqlFamily family = new MySqlFamily();

    @Test
    void isFoundByServiceLoaderForBothSchemesAndSubprotocols() {
        assertThat(EngineFamilies.forTarget(Target.parse("mysql://root@db"))).isInstanceOf(MySqlFamily.class);
        assertThat(EngineFamilies.forTarget(Target.parse("mariadb://root@db"))).isInstanceOf(MySqlFamily.class);
        assertThat(EngineFamilies.forTarget(Target.parse("jdbc:mysql://db/shop"))).isInstanceOf(MySqlFamily.class);
        assertThat(EngineFamilies.forTarget(Target.parse("jdbc:mariadb://db/shop"))).isInstanceOf(MySqlFamily.class);
        assertThat(family.name()).isEqualTo("mysql");
    }

    @Test
    void jdbcUrlUsesTheMariadbDriverAndDefaultPortWithoutCredentials() {
        assertThat(family.jdbcUrl(Target.parse("mysql://root:pw@db"))).isEqualTo("jdbc:mariadb://db:3306/");
        assertThat(family.jdbcUrl(Target.parse("mariadb://root@10.0.0.1:3307/shop"))).isEqualTo("jdbc:mariadb://10.0.0.1:3307/shop");
        assertThat(family.jdbcUrl(Target.parse("mysql://root@[::1]:3307"))).isEqualTo("jdbc:mariadb://[::1]:3307/");
        assertThat(family.jdbcUrl(Target.parse("mysql://root@db/we%20ird"))).isEqualTo("jdbc:mariadb://db:3306/we ird");
    }

    @Test
    void safeSessionSettingsFitTheEngine() {
        assertThat(MySqlSessionGuard.settings(ServerInfo.of(Engine.MARIADB, "10.11.19-MariaDB")))
                .contains("SET SESSION max_statement_time = 5", "SET SESSION lock_wait_timeout = 2",
                        "SET SESSION innodb_lock_wait_timeout = 2")
                .noneMatch(s -> s.contains("max_execution_time"));
        assertThat(MySqlSessionGuard.settings(ServerInfo.of(Engine.MYSQL, "8.0.36")))
                .contains("SET SESSION max_execution_time = 5000")
                .noneMatch(s -> s.contains("max_statement_time"));
    }

    @Test
    void mysql8ReadsDataLocksAndOthersInnodbLocks() {
        assertThat(new MySqlLockSnapshotReader(ServerInfo.of(Engine.MYSQL, "8.0.36")).usesDataLocks()).isTrue();
        assertThat(new MySqlLockSnapshotReader(ServerInfo.of(Engine.MYSQL, "5.7.44")).usesDataLocks()).isFalse();
        assertThat(new MySqlLockSnapshotReader(ServerInfo.of(Engine.MARIADB, "11.4.2-MariaDB")).usesDataLocks()).isFalse();
    }
}
