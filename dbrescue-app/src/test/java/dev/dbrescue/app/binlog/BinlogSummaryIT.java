package dev.dbrescue.app.binlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 01's accident on a real MariaDB with binary logging: a busy mix of INSERT/UPDATE/DELETE over three tables,
 * one statement-format UPDATE, then {@code DELETE FROM users} without WHERE, then more traffic. The summary must
 * find it with the right rows, positions and GTID, and its recovery plan must be right when replayed with
 * {@code mariadb-binlog} (Debian's mariadb-client; README, "Tests").
 */
class BinlogSummaryIT {

    private static EmbeddedMariaDb db;
    private static List<String> files;
    /** Where the accident begins and ends, as the server reported it around the statement. */
    private static long accidentStart;
    private static long accidentEnd;
    private static String accidentFile;
    private static String accidentGtid;
    private static String gtidBefore;
    private static long usersBefore;
    private static String checksumBefore;

    @TempDir
    Path dir;

    @BeforeAll
    static void produceTheAccident() throws Exception {
        db = EmbeddedMariaDb.start("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--binlog-row-metadata=FULL", "--server-id=1");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE TABLE shop.users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80))");
            s.execute("CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT, total DECIMAL(10,2),"
                    + " created DATETIME(6))");
            s.execute("CREATE TABLE shop.audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, note TEXT)");
            Random random = new Random(5);
            for (int i = 1; i <= 300; i++) {
                s.execute("INSERT INTO shop.users VALUES (" + i + ", 'user" + i + "', 'u" + i + "@example.org')");
                s.execute("INSERT INTO shop.orders (user_id, total, created) VALUES (" + i + ", " + random.nextInt(500)
                        + ".25, NOW(6)), (" + i + ", 3.50, NOW(6))");
                if (i % 3 == 0) {
                    s.execute("UPDATE shop.users SET name = 'renamed" + i + "' WHERE id = " + (i - 1));
                }
                if (i % 7 == 0) {
                    s.execute("DELETE FROM shop.orders WHERE user_id = " + (i - 2));
                }
                if (i % 10 == 0) {
                    c.setAutoCommit(false);
                    s.execute("UPDATE shop.orders SET total = total + 1 WHERE user_id BETWEEN " + (i - 9) + " AND " + i);
                    s.execute("INSERT INTO shop.audit (note) VALUES ('batch " + i + "')");
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            s.execute("DELETE FROM shop.users WHERE id > 290");
            s.execute("SET SESSION binlog_format = 'STATEMENT'");
            s.execute("UPDATE shop.audit SET note = 'statement' WHERE id = 1");
            s.execute("SET SESSION binlog_format = 'ROW'");
            usersBefore = count(s, "SELECT COUNT(*) FROM shop.users");
            checksumBefore = checksums(s);
            gtidBefore = string(s, "SELECT @@gtid_binlog_pos");
            accidentFile = string(s, "SHOW MASTER STATUS");
            accidentStart = masterPosition(s);

            s.execute("DELETE FROM shop.users");

            accidentEnd = masterPosition(s);
            accidentGtid = string(s, "SELECT @@last_gtid");
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO shop.audit (note) VALUES ('after " + i + "')");
            }
            s.execute("FLUSH BINARY LOGS");
        }
        try (Stream<Path> list = Files.list(db.dataDirectory())) {
            files = list.filter(p -> p.getFileName().toString().matches("binlog\\.\\d{6}")).sorted()
                    .map(Path::toString).toList();
        }
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String string(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static long masterPosition(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW MASTER STATUS")) {
            r.next();
            return r.getLong("Position");
        }
    }

    private static String checksums(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("CHECKSUM TABLE shop.users, shop.orders, shop.audit")) {
            StringBuilder all = new StringBuilder();
            while (r.next()) {
                all.append(r.getString(1)).append('=').append(r.getString(2)).append(' ');
            }
            return all.toString();
        }
    }

    private Run summary(String... more) {
        List<String> args = new ArrayList<>(List.of("binlog", "summary"));
        args.addAll(files);
        args.addAll(List.of(more));
        return CliErrorsIT.run(args.toArray(String[]::new));
    }

    @Test
    void theDeleteWithoutWhereIsFlaggedWithItsRowsPositionsAndGtid() throws Exception {
        Run run = summary("--format", "json", "--top", "5");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode accident = json.at("/suspicious/0/transaction");
        assertThat(accident.get("gtid").asText()).isEqualTo(accidentGtid);
        assertThat(accident.get("file").asText()).endsWith(accidentFile);
        assertThat(accident.get("start_position").asLong()).isEqualTo(accidentStart);
        assertThat(accident.get("end_position").asLong()).isEqualTo(accidentEnd);
        assertThat(accident.get("rows").asLong()).isEqualTo(usersBefore);
        assertThat(accident.get("thread_id").isNull()).isTrue();
        assertThat(accident.at("/tables/0/table").asText()).isEqualTo("shop.users");
        assertThat(accident.at("/tables/0/kind").asText()).isEqualTo("DELETE");
        assertThat(accident.get("statement").asText()).isEqualTo("DELETE FROM shop.users");
        assertThat(json.at("/suspicious/0/reasons").findValuesAsText("code")).contains("no_where", "every_row");
        assertThat(json.get("suspicious")).hasSize(1);
        assertThat(json.get("warnings")).isEmpty();
        assertThat(json.at("/largest/0/gtid").asText()).isEqualTo(accidentGtid);
        assertThat(json.get("largest")).hasSize(5);
        assertThat(json.at("/recovery/stop_position").asLong()).isEqualTo(accidentStart);
        assertThat(json.at("/recovery/stop_gtid").asText()).isEqualTo(gtidBefore);
        assertThat(json.at("/recovery/resume_position").asLong()).isEqualTo(accidentEnd);
        assertThat(json.at("/recovery/commands/0/step").asText()).isEqualTo("replay_to_position");
        assertThat(json.at("/recovery/commands/0/command").asText()).contains("--stop-position=" + accidentStart + " ");
        assertThat(json.get("not_reversible_count").asLong()).isGreaterThanOrEqualTo(5); // 4 DDL + 1 statement
        assertThat(json.get("not_reversible").findValuesAsText("kind")).contains("STATEMENT_DML", "DDL");
        long deletedUsers = 0;
        for (JsonNode minute : json.get("per_minute")) {
            if (minute.get("table").asText().equals("shop.users")) {
                deletedUsers += minute.get("deleted").asLong();
            }
        }
        assertThat(deletedUsers).isEqualTo(10 + usersBefore);
    }

    @Test
    void theTextNamesTheAccidentAndTheReplayCommand() {
        Run run = summary();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("! DELETE of every row of shop.users: DELETE of " + usersBefore + " rows",
                "gtid " + accidentGtid, "--stop-position=" + accidentStart + " ", "--stop-position=" + gtidBefore,
                "thread -");
    }

    @Test
    void replayingUpToTheStopPositionRestoresTheTablesAsTheyWereBeforeTheAccident() throws Exception {
        Run run = summary("--format", "json");
        JsonNode plan = new ObjectMapper().readTree(run.out()).get("recovery");
        long stop = plan.get("stop_position").asLong();
        List<String> upTo = files.subList(0, files.indexOf(db.dataDirectory().resolve(accidentFile).toString()) + 1);

        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE shop");
            replay("mariadb-binlog --no-defaults --stop-position=" + stop + " " + String.join(" ", upTo));

            assertThat(count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(usersBefore);
            assertThat(checksums(s)).isEqualTo(checksumBefore);

            // The GTID form stops after the transaction before the accident (inclusive): the same state.
            s.execute("DROP DATABASE shop");
            replay("mariadb-binlog --no-defaults --stop-position=" + plan.get("stop_gtid").asText() + " "
                    + String.join(" ", upTo));

            assertThat(checksums(s)).isEqualTo(checksumBefore);
        }
    }

    private void replay(String binlogCommand) throws IOException, InterruptedException {
        Path log = dir.resolve("replay.log");
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", binlogCommand
                + " | mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P" + db.port() + " -uroot")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("replay failed (needs mariadb-binlog and mariadb from Debian's"
                + " mariadb-client): " + Files.readString(log)).isZero();
    }

    @Test
    void damagedInputIsOneLineAndExitSeven() throws Exception {
        byte[] original = Files.readAllBytes(Path.of(files.get(0)));
        Path truncated = Files.write(dir.resolve("truncated.000001"),
                java.util.Arrays.copyOf(original, (int) accidentStart + 30));
        byte[] flipped = original.clone();
        flipped[(int) accidentStart + 100] ^= 0x40;
        Path damaged = Files.write(dir.resolve("flipped.000001"), flipped);
        Path text = Files.writeString(dir.resolve("notes.sql"), "DELETE FROM users;\n", StandardCharsets.UTF_8);

        for (Path bad : List.of(truncated, damaged, text)) {
            Run run = CliErrorsIT.run("binlog", "summary", bad.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).startsWith("dbrescue: " + bad + " at position ").doesNotContain("\tat ");
        }
        assertThat(CliErrorsIT.run("binlog", "summary", damaged.toString()).err()).contains("wrong checksum");
        assertThat(CliErrorsIT.run("binlog", "summary", text.toString()).err()).contains("not a binary log");
    }

    @Test
    void badOptionsAreExitTwo() {
        assertThat(CliErrorsIT.run("binlog", "summary", files.get(0), "--top", "0").exitCode()).isEqualTo(2);
        assertThat(CliErrorsIT.run("binlog", "summary", files.get(0), "--format", "xml").exitCode()).isEqualTo(2);
        assertThat(CliErrorsIT.run("binlog", "summary").exitCode()).isEqualTo(2);
    }
}
