package dev.dbrescue.binlog.live;

import com.github.shyiko.mysql.binlog.network.SSLMode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replication connection asks for TLS as the target's driver option does (MariaDB Connector/J's sslMode). */
class ReplicationStreamTest {

    @Test
    void sslModeFollowsTheTargetsDriverOption() {
        assertThat(ReplicationStream.sslMode(Map.of())).isEqualTo(SSLMode.DISABLED);
        assertThat(ReplicationStream.sslMode(Map.of("sslMode", "disable"))).isEqualTo(SSLMode.DISABLED);
        assertThat(ReplicationStream.sslMode(Map.of("sslMode", "trust"))).isEqualTo(SSLMode.REQUIRED);
        assertThat(ReplicationStream.sslMode(Map.of("sslMode", "verify-ca"))).isEqualTo(SSLMode.VERIFY_CA);
        assertThat(ReplicationStream.sslMode(Map.of("sslMode", "VERIFY-FULL"))).isEqualTo(SSLMode.VERIFY_IDENTITY);
    }
}
