package dev.dbrescue.app.binlog;

import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 01's accident ({@link BinlogAccident}) undone: the summary's GTID selects {@code DELETE FROM users}, flashback
 * writes the INSERTs that bring every user back, and ranges that cannot be reversed are refused before anything is
 * written. (Every column type round-trips in {@code FlashbackRoundTripIT}.)
 */
class FlashbackIT {

    private static BinlogAccident accident;

    @TempDir
    Path dir;

    @BeforeAll
    static void produceTheAccident() throws Exception {
        accident = BinlogAccident.produce();
    }

    @AfterAll
    static void stop() {
        if (accident != null) {
            accident.close();
        }
    }

    @Test
    void theSummarysGtidSelectsTheDeleteAndItsUndoBringsEveryUserBack() throws Exception {
        Path sql = dir.resolve("undo.sql");
        Run run = flashback("--transaction", accident.accidentGtid, "--output", sql.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("undo of 1 transactions, " + accident.usersBefore + " rows");
        String script = Files.readString(sql);
        assertThat(script).contains("SET time_zone = '+00:00';", "INSERT INTO `shop`.`users` (`id`,`name`,`email`)"
                + " VALUES", "'renamed3'", "--   mariadb-binlog --start-position=BACKUP_POSITION --stop-position="
                + accident.accidentStart);
        apply(script);
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(accident.usersBefore);
            assertThat(usersChecksum(BinlogAccident.checksums(s))).isEqualTo(usersChecksum(accident.checksumBefore));
            // Put the accident back for the other tests.
            s.execute("DELETE FROM shop.users");
        }
    }

    @Test
    void applyChecksFirstStopsAtATakenKeyAndThenBringsTheUsersBackWithAnAuditTrail() throws Exception {
        String gtid = accident.accidentGtid;
        Run dry = flashback("--transaction", gtid, "--apply", accident.db.uri());
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run", "1 of 1 transactions would apply, " + accident.usersBefore
                + " rows; no conflict.");
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isZero();

            // Someone signed up again with id 5 since the accident: the undo must not overwrite them.
            s.execute("INSERT INTO shop.users VALUES (5, 'newcomer', 'new@example.org')");
            Run checked = flashback("--transaction", gtid, "--apply", accident.db.uri());
            assertThat(checked.exitCode()).isEqualTo(1);
            assertThat(checked.out()).contains("conflict: transaction at", "(gtid " + gtid + "), shop.users:",
                    "1 of the rows to insert have their key taken again");

            Path audit = dir.resolve("audit.jsonl");
            Run stopped = flashback("--transaction", gtid, "--apply", accident.db.uri(), "--execute", "--yes",
                    "--audit-log", audit.toString());
            assertThat(stopped.exitCode()).isEqualTo(1);
            assertThat(stopped.out()).contains("0 of 1 transactions applied", "Duplicate entry", "stopped at");
            assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(1);
            assertThat(Files.readString(audit)).contains("\"action\":\"flashback\"", "\"result\":\"conflict\"",
                    "\"gtid\":\"" + gtid + "\"");

            s.execute("DELETE FROM shop.users WHERE id = 5");
            Run applied = flashback("--transaction", gtid, "--apply", accident.db.uri(), "--execute", "--yes",
                    "--audit-log", audit.toString());
            assertThat(applied.exitCode()).as(applied.err() + applied.out()).isZero();
            assertThat(applied.out()).contains("1 of 1 transactions applied, " + accident.usersBefore + " rows");
            assertThat(usersChecksum(BinlogAccident.checksums(s))).isEqualTo(usersChecksum(accident.checksumBefore));
            assertThat(Files.readAllLines(audit)).hasSize(2).last().asString().contains("\"result\":\"applied\"",
                    "\"rows\":" + accident.usersBefore);

            // Applying it twice finds every key taken: nothing is duplicated.
            Run again = flashback("--transaction", gtid, "--apply", accident.db.uri(), "--execute", "--yes",
                    "--audit-log", audit.toString());
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(BinlogAccident.count(s, "SELECT COUNT(*) FROM shop.users")).isEqualTo(accident.usersBefore);
            s.execute("DELETE FROM shop.users");
        }
    }

    @Test
    void executeWithoutATerminalNeedsYes() {
        Run run = flashback("--transaction", accident.accidentGtid, "--apply", accident.db.uri(), "--execute");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("add --yes");
    }

    @Test
    void theAccidentsPositionsSelectItToo() {
        Run run = flashback("--start-position", Long.toString(accident.accidentStart), "--stop-position",
                Long.toString(accident.accidentEnd), "--table", "users");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("gtid " + accident.accidentGtid).doesNotContain("`audit`");
    }

    @Test
    void forwardWritesTheDeleteItself() {
        Run run = flashback("--transaction", accident.accidentGtid, "--forward");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("DELETE FROM `shop`.`users` WHERE `id`=1 LIMIT 1;")
                .doesNotContain("INSERT INTO");
    }

    @Test
    void aRangeWithDdlOrStatementFormatDmlIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path sql = dir.resolve("never.sql");
        Run run = flashback("--output", sql.toString());

        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("dbrescue: ").contains("DDL 'CREATE DATABASE", "a schema change flashback cannot undo", "--stop-position")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(Files.exists(sql)).isFalse();

        // Following the advice ("start after it") walks past each DDL up to the statement-format UPDATE.
        Run next = run;
        for (int i = 0; i < 10 && next.err().contains("a schema change"); i++) {
            String after = next.err().replaceAll("(?s).*--start-position (\\d+).*", "$1");
            next = flashback("--start-position", after);
        }
        assertThat(next.exitCode()).isEqualTo(7);
        assertThat(next.err()).contains("UPDATE shop.audit SET note = 'statement' WHERE id = 1", "logged as a statement");
    }

    @Test
    void nothingSelectedIsExitCodeOneAndBadOptionsAreUsageErrors() {
        Run none = flashback("--transaction", "0-1-999999");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("no row change");

        Run badType = flashback("--transaction", accident.accidentGtid, "--type", "truncate");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("--type: unknown kind 'truncate'");

        Run badTime = flashback("--start-datetime", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("is not a time");
    }

    private static Run flashback(String... more) {
        List<String> args = new ArrayList<>(List.of("flashback", "--binlog"));
        args.addAll(accident.files);
        args.addAll(List.of(more));
        return CliErrorsIT.run(args.toArray(String[]::new));
    }

    private static void apply(String script) throws Exception {
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            for (String line : script.split("\n")) {
                if (line.isBlank() || line.startsWith("-- ")) {
                    continue;
                }
                assertThat(line).endsWith(";");
                s.execute(line.substring(0, line.length() - 1));
            }
        }
    }

    private static String usersChecksum(String all) {
        for (String part : all.split(" ")) {
            if (part.startsWith("shop.users=")) {
                return part;
            }
        }
        throw new AssertionError("no checksum of shop.users in " + all);
    }
}
