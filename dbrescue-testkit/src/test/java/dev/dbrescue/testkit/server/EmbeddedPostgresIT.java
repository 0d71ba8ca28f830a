package dev.dbrescue.testkit.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.dbrescue.testkit.server.EmbeddedMariaDbIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresIT {

    @Test
    void startsPostgres15WithExtraSettingsAndStopsForReal() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(Map.of(
                "log_lock_waits", "on", "deadlock_timeout", "150ms", "max_connections", "42",
                "cluster_name", "it's C:\\dbrescue"));
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            assertThat(query(c, "SHOW server_version_num")).startsWith("15");
            assertThat(query(c, "SHOW log_lock_waits")).isEqualTo("on");
            assertThat(query(c, "SHOW deadlock_timeout")).isEqualTo("150ms");
            assertThat(query(c, "SHOW max_connections")).isEqualTo("42");
            assertThat(query(c, "SHOW cluster_name")).isEqualTo("it's C:\\dbrescue");
            assertThat(query(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(query(c, "SHOW server_encoding")).isEqualTo("UTF8");
            assertThat(query(c, "SELECT current_user")).isEqualTo("postgres");
            assertThat(query(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("t");
        }
        assertThat(pg.uri()).isEqualTo("postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres");
        assertThat(pg.handle()).isEqualTo(new ServerHandle(pg.uri(), true));
        assertThat(pg.isRunning()).isTrue();

        pg.stop();

        assertThat(pg.isRunning()).isFalse();
        assertThat(Files.exists(pg.dataDirectory())).isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl() + "&connectTimeout=2"))
                .isInstanceOf(SQLException.class);
        pg.stop(); // twice is fine
    }

    @Test
    void serverLogReceivesTheServersMessages() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            c.createStatement().execute("DO $$ BEGIN RAISE LOG 'dbrescue-marker-1'; END $$");
            assertThat(pg.serverLog()).isEqualTo(pg.dataDirectory().getParent().resolve("postgres.log"));
            assertThat(awaitInLog(pg, "dbrescue-marker-1")).contains("dbrescue-marker-1");
        }
    }

    @Test
    void loggingCollectorFileShowsLockWaits() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(Map.of(
                "logging_collector", "on", "log_lock_waits", "on", "deadlock_timeout", "100ms"));
             Connection holder = DriverManager.getConnection(pg.jdbcUrl());
             Connection waiter = DriverManager.getConnection(pg.jdbcUrl())) {
            holder.createStatement().execute("CREATE TABLE t (id int PRIMARY KEY)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Void> waits = CompletableFuture.runAsync(() -> select(waiter));

            String log = awaitInLog(pg, "still waiting for AccessShareLock");
            holder.rollback();
            waits.get(20, TimeUnit.SECONDS);

            assertThat(pg.serverLog()).startsWith(pg.dataDirectory().resolve("log"));
            assertThat(log).contains("still waiting for AccessShareLock");
        }
    }

    @Test
    void aServerThatCannotStartIsOneClearLineAndLeavesOnlyItsLog() {
        assertThatThrownBy(() -> EmbeddedPostgres.start(Map.of("max_connections", "lots")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("PostgreSQL 15.15.0 did not start: ")
                .hasMessageContaining("invalid value for parameter \"max_connections\": \"lots\"")
                .hasMessageMatching("(?s)[^\\n]*\\(server log: .*postgres\\.log\\)")
                .satisfies(e -> {
                    Path log = Path.of(e.getMessage().replaceAll(".*\\(server log: (.*)\\)$", "$1"));
                    assertThat(Files.readString(log)).contains("invalid value");
                    assertThat(log.resolveSibling("data")).doesNotExist();
                    TempDirs.deleteRecursively(log.getParent());
                });
    }

    @Test
    void refusesSettingsThatCouldInjectConfiguration() {
        assertThatThrownBy(() -> EmbeddedPostgres.start(Map.of("port = 1\nfsync", "on")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a PostgreSQL setting name");
        assertThatThrownBy(() -> EmbeddedPostgres.start(Map.of("cluster_name", "x'\nfsync = 'on")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }

    private static String awaitInLog(EmbeddedPostgres pg, String text) throws Exception {
        String log = "";
        for (int i = 0; i < 200 && !log.contains(text); i++) {
            Thread.sleep(50);
            Path file = pg.serverLog();
            log = Files.exists(file) ? Files.readString(file) : "";
        }
        return log;
    }

    private static void select(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT * FROM t");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
