package dev.dbrescue.app.binlog;

import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import org.junit.jupiter.api.Test;

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
class FlashbackIT extends OnBinlogAccident {

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
        assertThat(run.err().strip()).startsWith("dbrescue: ").contains("DDL 'CREATE DATABASE", "a schema change flashback cannot undo", "--start-position")
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
    void minimalRowImagesAreRefusedForUndoButNotForForward() throws Exception {
        String gtid;
        List<String> files;
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SET SESSION binlog_row_image = 'MINIMAL'");
            s.execute("UPDATE shop.audit SET note = 'minimal' WHERE id = 2");
            gtid = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("FLUSH BINARY LOGS");
        }
        try (var list = Files.list(accident.db.dataDirectory())) {
            files = list.filter(p -> p.getFileName().toString().matches("binlog\\.\\d{6}")).sorted()
                    .map(Path::toString).toList();
        }
        List<String> args = new ArrayList<>(List.of("flashback", "--transaction", gtid, "--binlog"));
        args.addAll(files);

        Run undo = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(undo.exitCode()).isEqualTo(7);
        assertThat(undo.err()).contains("binlog_row_image=MINIMAL", "cannot be reversed").doesNotContain("\n ");
        assertThat(undo.out()).isEmpty();

        args.add("--forward");
        Run forward = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(forward.exitCode()).as(forward.err()).isZero();
        assertThat(forward.out()).contains("UPDATE `shop`.`audit` SET `note`='minimal' WHERE `id`=2 LIMIT 1;");
    }

    @Test
    void generatedColumnsAreLeftToTheServerWhenASchemaSaysWhichTheyAre() throws Exception {
        String gtid;
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop.prices (id INT PRIMARY KEY, net DECIMAL(8,2), gross DECIMAL(9,2) AS (net * 1.2)"
                    + " VIRTUAL, label VARCHAR(20) AS (CONCAT('#', id)) PERSISTENT)");
            s.execute("INSERT INTO shop.prices (id, net) VALUES (1, 10.00), (2, 20.50)");
            s.execute("DELETE FROM shop.prices");
            gtid = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("FLUSH BINARY LOGS");
        }
        List<String> args = new ArrayList<>(List.of("flashback", "--transaction", gtid, "--binlog"));
        args.addAll(binlogFiles());

        Run plain = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(plain.out()).contains("INSERT INTO `shop`.`prices` (`id`,`net`,`gross`,`label`) VALUES");

        args.addAll(List.of("--schema-from", accident.db.uri()));
        Run known = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(known.exitCode()).as(known.err()).isZero();
        assertThat(known.out()).contains("INSERT INTO `shop`.`prices` (`id`,`net`) VALUES (2,20.50),(1,10.00);");

        args.subList(args.size() - 2, args.size()).clear();
        args.addAll(List.of("--apply", accident.db.uri(), "--execute", "--yes", "--audit-log",
                dir.resolve("audit.jsonl").toString()));
        Run applied = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            assertThat(BinlogAccident.string(s, "SELECT GROUP_CONCAT(id, ':', gross, ':', label ORDER BY id)"
                    + " FROM shop.prices")).isEqualTo("1:12.00:#1,2:24.60:#2");
        }
    }

    /**
     * From a review: MariaDB counts YEAR among the signed/unsigned columns (later integers took their neighbour's
     * sign), ucs2/utf16 bytes that look like ASCII are not ASCII, and sjis/cp932/gbk differ from Java on some
     * characters: every value must come back byte for byte.
     */
    @Test
    void yearBeforeIntegersAndWideOrLegacyCharsetsComeBackByteForByte() throws Exception {
        String gtid;
        String before;
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE edge");
            s.execute("CREATE TABLE edge.t (id INT PRIMARY KEY, y YEAR, a INT, u TINYINT UNSIGNED, m SMALLINT,"
                    + " w VARCHAR(10) CHARACTER SET ucs2, x VARCHAR(10) CHARACTER SET utf16,"
                    + " z VARCHAR(10) CHARACTER SET utf16le, j VARCHAR(10) CHARACTER SET sjis,"
                    + " k VARCHAR(10) CHARACTER SET cp932, g VARCHAR(10) CHARACTER SET gbk)");
            // sjis 815C 815F, cp932 8790, gbk AAA1: characters Java and the server map differently.
            s.execute("INSERT INTO edge.t VALUES (1, 2000, -1, 250, -5, '中', '䅂', '中', _sjis X'815C815F',"
                    + " _cp932 X'8790', _gbk X'AAA1'), (2, 1999, -2147483648, 0, 32767, 'N-', 'AB', 'x', 'ab', '①',"
                    + " '中文')");
            before = dump(s);
            s.execute("DELETE FROM edge.t");
            gtid = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("FLUSH BINARY LOGS");
        }
        List<String> args = new ArrayList<>(List.of("flashback", "--transaction", gtid, "--apply", accident.db.uri(),
                "--execute", "--yes", "--audit-log", dir.resolve("audit.jsonl").toString(), "--binlog"));
        args.addAll(binlogFiles());
        Run run = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            assertThat(dump(s)).isEqualTo(before);
        }
    }

    /** Savepoints (ORMs' nested transactions) change nothing; an XA transaction's rows end at its XA PREPARE. */
    @Test
    void savepointsAndXaTransactionsAreReadAndUndone() throws Exception {
        String savepointGtid;
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop.notes (id INT PRIMARY KEY, body VARCHAR(20))");
            c.setAutoCommit(false);
            s.execute("INSERT INTO shop.notes VALUES (1, 'one')");
            s.execute("SAVEPOINT s1");
            s.execute("INSERT INTO shop.notes VALUES (2, 'two')");
            s.execute("ROLLBACK TO SAVEPOINT s1");
            s.execute("INSERT INTO shop.notes VALUES (3, 'three')");
            s.execute("RELEASE SAVEPOINT s1");
            c.commit();
            c.setAutoCommit(true);
            savepointGtid = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("XA START 'x1'");
            s.execute("INSERT INTO shop.notes VALUES (4, 'xa')");
            s.execute("XA END 'x1'");
            s.execute("XA PREPARE 'x1'");
            s.execute("XA COMMIT 'x1'");
            s.execute("FLUSH BINARY LOGS");
        }
        List<String> args = new ArrayList<>(List.of("flashback", "--transaction", savepointGtid, "--binlog"));
        args.addAll(binlogFiles());
        Run undo = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("DELETE FROM `shop`.`notes` WHERE `id`=3 LIMIT 1;",
                "DELETE FROM `shop`.`notes` WHERE `id`=1 LIMIT 1;").doesNotContain("`id`=2");

        // The XA transaction's first phase comes right after in the domain's sequence.
        int dash = savepointGtid.lastIndexOf('-');
        String xaGtid = savepointGtid.substring(0, dash + 1) + (Long.parseLong(savepointGtid.substring(dash + 1)) + 1);
        List<String> xa = new ArrayList<>(List.of("flashback", "--transaction", xaGtid, "--binlog"));
        xa.addAll(binlogFiles());
        Run xaUndo = CliErrorsIT.run(xa.toArray(String[]::new));
        assertThat(xaUndo.exitCode()).as(xaUndo.err()).isZero();
        assertThat(xaUndo.out()).contains("DELETE FROM `shop`.`notes` WHERE `id`=4 LIMIT 1;");

        List<String> summary = new ArrayList<>(List.of("binlog", "summary", "--format", "json", "--top", "1000"));
        summary.addAll(binlogFiles());
        Run read = CliErrorsIT.run(summary.toArray(String[]::new));
        assertThat(read.exitCode()).as(read.err()).isIn(0, 1);
        assertThat(read.out()).doesNotContain("SAVEPOINT").doesNotContain("XA ");
    }

    /**
     * A dry run checks each row of a multi-row INSERT at its newest change: row 2, put back by a newer transaction
     * of the range, is not checked against today; row 3, taken again outside the range, is a conflict.
     */
    @Test
    void theDryRunChecksEveryRowOfAnInsertThatNoNewerChangeTouched() throws Exception {
        String deleted;
        String reinserted;
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop.tags (id INT PRIMARY KEY, name VARCHAR(10))");
            s.execute("INSERT INTO shop.tags VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            s.execute("DELETE FROM shop.tags");
            deleted = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("INSERT INTO shop.tags VALUES (2, 'again')");
            reinserted = BinlogAccident.string(s, "SELECT @@last_gtid");
            s.execute("INSERT INTO shop.tags VALUES (3, 'taken')");
            s.execute("FLUSH BINARY LOGS");
        }
        List<String> args = new ArrayList<>(List.of("flashback", "--gtid", deleted + "," + reinserted, "--apply",
                accident.db.uri(), "--binlog"));
        args.addAll(binlogFiles());
        Run dry = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(dry.exitCode()).as(dry.err()).isEqualTo(1);
        assertThat(dry.out()).contains("(gtid " + deleted + "), shop.tags: 1 of the rows to insert have their key"
                + " taken again").contains("1 of 2 transactions would apply");
    }

    private static String dump(Statement s) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (var r = s.executeQuery("SELECT id, y, a, u, m, HEX(w), HEX(x), HEX(z), HEX(j), HEX(k), HEX(g)"
                + " FROM edge.t ORDER BY id")) {
            while (r.next()) {
                for (int i = 1; i <= 11; i++) {
                    rows.append(r.getString(i)).append('|');
                }
                rows.append('\n');
            }
        }
        return rows.toString();
    }

    private static List<String> binlogFiles() throws Exception {
        try (var list = Files.list(accident.db.dataDirectory())) {
            return list.filter(p -> p.getFileName().toString().matches("binlog\\.\\d{6}")).sorted()
                    .map(Path::toString).toList();
        }
    }

    @Test
    void damagedOrForeignFilesAreOneLineAndExitCodeSeven() throws Exception {
        Path truncated = dir.resolve("binlog.000001");
        byte[] whole = Files.readAllBytes(Path.of(accident.files.get(0)));
        Files.write(truncated, java.util.Arrays.copyOf(whole, (int) accident.accidentStart + 300));
        Run cut = CliErrorsIT.run("flashback", "--binlog", truncated.toString(), "--transaction", accident.accidentGtid);
        assertThat(cut.exitCode()).isEqualTo(7);
        assertThat(cut.err().strip()).contains("truncated").doesNotContain("\n");

        Path notBinlog = dir.resolve("notes.txt");
        Files.writeString(notBinlog, "DELETE FROM users;\n");
        Run foreign = CliErrorsIT.run("flashback", "--binlog", notBinlog.toString());
        assertThat(foreign.exitCode()).isEqualTo(7);
        assertThat(foreign.err()).contains("not a binary log");

        byte[] flipped = whole.clone();
        flipped[(int) accident.accidentStart + 100] ^= 0x40;
        Path damaged = dir.resolve("binlog.000009");
        Files.write(damaged, flipped);
        Run crc = CliErrorsIT.run("flashback", "--binlog", damaged.toString(), "--transaction", accident.accidentGtid);
        assertThat(crc.exitCode()).isEqualTo(7);
        assertThat(crc.err()).contains("wrong checksum");
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
