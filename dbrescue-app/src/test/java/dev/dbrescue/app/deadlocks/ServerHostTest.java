package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.target.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerHostTest {

    @Test
    void loopbackAndThisMachineAreLocal() throws Exception {
        assertThat(ServerHost.isThisMachine(Target.parse("mysql://root@127.0.0.1:3306/test"))).isTrue();
        assertThat(ServerHost.isThisMachine(Target.parse("postgresql://postgres@localhost/postgres"))).isTrue();
        assertThat(ServerHost.isThisMachine(Target.parse("mysql://root@[::1]:3306"))).isTrue();
        String own = java.net.InetAddress.getLocalHost().getHostName();
        assertThat(ServerHost.isThisMachine(Target.parse("mysql://root@" + own))).isTrue();
    }

    @Test
    void otherOrUnknownHostsAreNot() {
        // TEST-NET-1 (RFC 5737): never an address of this machine; .invalid never resolves (RFC 2606).
        assertThat(ServerHost.isThisMachine(Target.parse("mysql://root@192.0.2.10:3306"))).isFalse();
        assertThat(ServerHost.isThisMachine(Target.parse("mysql://root@db.example.invalid"))).isFalse();
    }

    @Test
    void readsTheHostOfJdbcUrls() {
        assertThat(ServerHost.hostOf("jdbc:mariadb://db1:3306/shop?user=x")).isEqualTo("db1");
        assertThat(ServerHost.hostOf("jdbc:mysql://10.1.2.3/shop")).isEqualTo("10.1.2.3");
        assertThat(ServerHost.hostOf("jdbc:mariadb://h1:3306,h2:3306/shop")).isEqualTo("h1");
        assertThat(ServerHost.hostOf("jdbc:postgresql://[::1]:5432/postgres")).isEqualTo("[::1]");
        assertThat(ServerHost.hostOf("jdbc:postgresql:postgres")).isEqualTo("localhost");
        assertThat(ServerHost.isThisMachine(Target.parse("jdbc:postgresql://127.0.0.1:5432/postgres"))).isTrue();
        assertThat(ServerHost.isThisMachine(Target.parse("jdbc:mariadb://192.0.2.10/shop"))).isFalse();
    }
}
