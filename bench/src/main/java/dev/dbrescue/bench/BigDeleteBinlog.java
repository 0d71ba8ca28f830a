package dev.dbrescue.bench;

import dev.dbrescue.testkit.server.EmbeddedMariaDb;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * The flashback benchmark's input (issue 5, "Speed"): one binlog file that holds a single {@code DELETE FROM users}
 * without WHERE over {@code --rows} rows (1,000,000 by default), written by an embedded MariaDB with ROW format, FULL
 * row image and FULL row metadata, as seed 01's accident would leave it. Written once and kept under
 * {@code bench/target/flashback/} with a {@code .properties} beside it (written last) that says what the file holds;
 * bench/run-flashback reuses it while the two agree.
 * <pre>
 * BigDeleteBinlog [--rows 1000000] [--dir bench/target/flashback]
 * </pre>
 * Prints the file's path on the last line of standard output. Exit code 0, or 2 when the server did not do what was
 * asked (rows inserted or deleted, files), 3 bad arguments.
 */
public final class BigDeleteBinlog {

    /** Bump when the table or its data change, so that cached files are written again. */
    static final int VERSION = 1;

    /**
     * A users table as applications have them: an INT key, strings of several lengths in utf8mb4, a fixed-length code,
     * money, times with and without fractions, a flag, and nullable columns that are NULL in a share of the rows.
     */
    static final String TABLE = """
            CREATE TABLE shop.users (
              id INT NOT NULL PRIMARY KEY,
              email VARCHAR(120) NOT NULL,
              full_name VARCHAR(80) NOT NULL,
              country CHAR(2) NULL,
              phone VARCHAR(24) NULL,
              balance DECIMAL(12,2) NOT NULL,
              created_at DATETIME NOT NULL,
              last_login DATETIME(3) NULL,
              active TINYINT NOT NULL,
              note VARCHAR(255) NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    /**
     * The rows, from the Sequence engine's {@code seq_1_to_N} in one statement: every value derived from the id, so
     * that the file is the same from one run to the next (bar the times the server stamps on events). NULLs: a
     * tenth of the countries, a third of the phones, a quarter of the logins, most of the notes.
     */
    private static final String FILL = """
            INSERT INTO shop.users
            SELECT seq,
                   CONCAT('user', seq, '@example.org'),
                   CONCAT(ELT(1 + seq % 8, 'Alice', 'Bruno', 'Chloé', 'Dmitri', 'Eva', 'Fatima', 'Gustav', 'Hiro'),
                          ' ', ELT(1 + (seq DIV 8) % 6, 'Martin', 'Dupont', 'Schmidt', 'Silva', 'Tanaka', 'Nowak')),
                   IF(seq % 10 = 0, NULL, ELT(1 + seq % 5, 'FR', 'DE', 'US', 'BR', 'JP')),
                   IF(seq % 3 = 0, NULL, CONCAT('+33 6 ', LPAD(seq * 7919 % 100000000, 8, '0'))),
                   (seq * 7919 % 10000000) / 100,
                   TIMESTAMP'2019-01-01 00:00:00' + INTERVAL (seq * 37) SECOND,
                   IF(seq % 4 = 0, NULL, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq * 13001000) MICROSECOND),
                   seq % 7 <> 0,
                   IF(seq % 5 = 0, CONCAT('imported from CRM batch ', seq DIV 1000, '; check address'), NULL)
            FROM seq_1_to_""";

    record Generated(Path file, long bytes, long rows) {
    }

    private BigDeleteBinlog() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        Path dir = Path.of("bench/target/flashback");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; usage: BigDeleteBinlog [--rows N] [--dir DIR]");
                    System.exit(3);
                }
            }
        }
        if (rows < 1) {
            System.err.println("--rows must be 1 or more");
            System.exit(3);
        }
        try {
            Generated g = ensure(dir, rows);
            System.out.println(g.file());
        } catch (ServerDisagreed e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The file for {@code rows}, from the cache or written now. */
    static Generated ensure(Path dir, long rows) throws IOException, SQLException {
        Files.createDirectories(dir);
        Path file = dir.resolve("delete-" + rows + "-rows.binlog");
        Path metaFile = dir.resolve(file.getFileName() + ".properties");
        if (Files.exists(file) && Files.exists(metaFile)) {
            Properties meta = new Properties();
            try (Reader r = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                meta.load(r);
            }
            if (String.valueOf(VERSION).equals(meta.getProperty("version"))
                    && String.valueOf(rows).equals(meta.getProperty("rows"))
                    && String.valueOf(Files.size(file)).equals(meta.getProperty("bytes"))) {
                System.out.println("cached: " + file + " (" + meta.getProperty("bytes") + " bytes, " + rows
                        + "-row DELETE)");
                return new Generated(file, Files.size(file), rows);
            }
        }
        Files.deleteIfExists(metaFile);
        long started = System.nanoTime();
        System.out.println("writing " + file + ": embedded MariaDB " + EmbeddedMariaDb.VERSION + ", " + rows
                + " rows inserted, then deleted by one DELETE without WHERE ...");
        Properties meta = new Properties();
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start("--log-bin=binlog", "--binlog-format=ROW",
                "--binlog-row-image=FULL", "--binlog-row-metadata=FULL", "--server-id=1",
                // the table (about 150 MB for 1M rows) in memory: the server spends its time writing, not paging
                "--innodb-buffer-pool-size=256M");
             Connection c = DriverManager.getConnection(db.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute(TABLE);
            // The load is not what the benchmark reads: keep it out of the binary log, which then holds the DELETE
            // and the little around it.
            s.execute("SET SESSION sql_log_bin = 0");
            long t = System.nanoTime();
            long inserted = s.executeLargeUpdate(FILL + rows);
            check(inserted == rows, "the INSERT ... SELECT from seq_1_to_" + rows + " inserted " + inserted + " rows");
            System.out.printf(Locale.ROOT, "  %d rows inserted in %.1f s (not logged)%n", inserted, secs(t));
            s.execute("SET SESSION sql_log_bin = 1");
            s.execute("FLUSH BINARY LOGS");
            String name = string(s, "SHOW MASTER STATUS");
            long start = masterPosition(s);

            t = System.nanoTime();
            long deleted = s.executeLargeUpdate("DELETE FROM shop.users");
            check(deleted == rows, "DELETE FROM shop.users deleted " + deleted + " rows, not " + rows);
            String gtid = string(s, "SELECT @@last_gtid");
            long end = masterPosition(s);
            check(name.equals(string(s, "SHOW MASTER STATUS")), "the DELETE did not stay in " + name);
            System.out.printf(Locale.ROOT, "  DELETE of %d rows in %.1f s, %s positions %d to %d, GTID %s%n",
                    deleted, secs(t), name, start, end, gtid);
            s.execute("FLUSH BINARY LOGS");

            Path written = db.dataDirectory().resolve(name);
            check(Files.size(written) >= end, name + " is " + Files.size(written) + " bytes, the DELETE ends at " + end);
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Files.copy(written, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            meta.setProperty("version", String.valueOf(VERSION));
            meta.setProperty("rows", String.valueOf(rows));
            meta.setProperty("bytes", String.valueOf(Files.size(file)));
            meta.setProperty("server", string(s, "SELECT VERSION()"));
            meta.setProperty("serverFile", name);
            meta.setProperty("deleteStart", String.valueOf(start));
            meta.setProperty("deleteEnd", String.valueOf(end));
            meta.setProperty("deleteGtid", gtid);
            meta.setProperty("table", TABLE.replaceAll("\\s+", " "));
        }
        try (Writer w = Files.newBufferedWriter(metaFile, StandardCharsets.UTF_8)) {
            meta.store(w, "what " + file.getFileName() + " holds; written by dev.dbrescue.bench.BigDeleteBinlog");
        }
        System.out.printf(Locale.ROOT, "written: %s (%s bytes) in %.0f s%n", file, meta.getProperty("bytes"),
                secs(started));
        return new Generated(file, Files.size(file), rows);
    }

    private static double secs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new ServerDisagreed(failure);
        }
    }

    private static String string(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            check(r.next(), sql + " returned no row");
            return r.getString(1);
        }
    }

    private static long masterPosition(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW MASTER STATUS")) {
            check(r.next(), "SHOW MASTER STATUS returned no row: is binary logging on?");
            return r.getLong("Position");
        }
    }

    /** The server did not do what the benchmark asked: the file would not be what the figures claim. */
    private static final class ServerDisagreed extends RuntimeException {
        ServerDisagreed(String message) {
            super(message);
        }
    }
}
