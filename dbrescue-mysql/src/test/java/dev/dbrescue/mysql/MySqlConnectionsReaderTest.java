package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlConnectionsReaderTest {

    @Test
    void theClientHostLosesItsPortOnly() {
        assertThat(MySqlConnectionsReader.clientHost("10.0.0.5:53412")).isEqualTo("10.0.0.5");
        assertThat(MySqlConnectionsReader.clientHost("app-1.example.com:40000")).isEqualTo("app-1.example.com");
        assertThat(MySqlConnectionsReader.clientHost("localhost")).isEqualTo("localhost");
        assertThat(MySqlConnectionsReader.clientHost("::1:5000")).isEqualTo("::1");
        assertThat(MySqlConnectionsReader.clientHost("[fe80::1]:5000")).isEqualTo("fe80::1");
        assertThat(MySqlConnectionsReader.clientHost("")).isEmpty();
        assertThat(MySqlConnectionsReader.clientHost(null)).isNull();
    }
}
