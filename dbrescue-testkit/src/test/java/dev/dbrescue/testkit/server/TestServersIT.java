package dev.dbrescue.testkit.server;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.dbrescue.testkit.server.EmbeddedMariaDbIT.query;
import static org.assertj.core.api.Assertions.assertThat;

/** With the variables unset (the default), TestServers must start embedded servers; with them set, use those. */
class TestServersIT {

    @Test
    void givesAWorkingMariaDb() throws Exception {
        ServerHandle server = TestServers.mariadb();

        String variable = System.getenv(TestServers.MARIADB_URL_VARIABLE);
        if (variable == null || variable.isBlank()) {
            assertThat(server.embedded()).isTrue();
            assertThat(server.uri()).matches("mysql://root@127\\.0\\.0\\.1:\\d+/test");
        } else {
            assertThat(server).isEqualTo(new ServerHandle(variable.strip(), false));
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            assertThat(query(c, "SELECT 6 * 7")).isEqualTo("42");
        }
        assertThat(TestServers.mariadb()).as("one server per JVM").isEqualTo(server);
    }

    @Test
    void givesAWorkingPostgres() throws Exception {
        ServerHandle server = TestServers.postgres();

        String variable = System.getenv(TestServers.POSTGRES_URL_VARIABLE);
        if (variable == null || variable.isBlank()) {
            assertThat(server.embedded()).isTrue();
            assertThat(server.uri()).matches("postgresql://postgres@127\\.0\\.0\\.1:\\d+/postgres");
        } else {
            assertThat(server).isEqualTo(new ServerHandle(variable.strip(), false));
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            assertThat(query(c, "SELECT 6 * 7")).isEqualTo("42");
        }
    }

    @Test
    void startsOneServerWhenManyTestsAskAtOnce() {
        List<CompletableFuture<ServerHandle>> asks = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(i % 2 == 0 ? TestServers::postgres : TestServers::mariadb))
                .toList();
        List<ServerHandle> servers = asks.stream().map(CompletableFuture::join).toList();

        assertThat(servers.stream().distinct()).containsExactlyInAnyOrder(TestServers.postgres(), TestServers.mariadb());
    }
}
