package dev.dbrescue.app.binlog;

import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;

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
import java.util.stream.Stream;

/**
 * Seed 01's accident on a real MariaDB with binary logging, for the binlog ITs: a busy mix of INSERT/UPDATE/DELETE over
 * three tables, one statement-format UPDATE, then {@code DELETE FROM users} without WHERE, then more traffic; with
 * what the server said around the accident, to check the summary and its recovery plan against.
 */
final class BinlogAccident implements AutoCloseable {

    EmbeddedMariaDb db;
    List<String> files;
    /** Where the accident begins and ends, as the server reported it around the statement. */
    long accidentStart;
    long accidentEnd;
    String accidentFile;
    String accidentGtid;
    String gtidBefore;
    long usersBefore;
    String checksumBefore;

    private BinlogAccident() {
    }

    static BinlogAccident produce(String... moreServerArguments) throws Exception {
        BinlogAccident a = new BinlogAccident();
        List<String> arguments = new ArrayList<>(List.of("--log-bin=binlog", "--binlog-format=ROW",
                "--binlog-row-image=FULL", "--binlog-row-metadata=FULL", "--server-id=1"));
        arguments.addAll(List.of(moreServerArguments));
        a.db = EmbeddedMariaDb.start(arguments);
        try (Connection c = DriverManager.getConnection(a.db.jdbcUrl()); Statement s = c.createStatement()) {
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
            a.usersBefore = count(s, "SELECT COUNT(*) FROM shop.users");
            a.checksumBefore = checksums(s);
            a.gtidBefore = string(s, "SELECT @@gtid_binlog_pos");
            a.accidentFile = string(s, "SHOW MASTER STATUS");
            a.accidentStart = masterPosition(s);

            s.execute("DELETE FROM shop.users");

            a.accidentEnd = masterPosition(s);
            a.accidentGtid = string(s, "SELECT @@last_gtid");
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO shop.audit (note) VALUES ('after " + i + "')");
            }
            s.execute("FLUSH BINARY LOGS");
        }
        try (Stream<Path> list = Files.list(a.db.dataDirectory())) {
            a.files = list.filter(p -> p.getFileName().toString().matches("binlog\\.\\d{6}")).sorted()
                    .map(Path::toString).toList();
        }
        return a;
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static String string(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    static long masterPosition(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW MASTER STATUS")) {
            r.next();
            return r.getLong("Position");
        }
    }

    static String checksums(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("CHECKSUM TABLE shop.users, shop.orders, shop.audit")) {
            StringBuilder all = new StringBuilder();
            while (r.next()) {
                all.append(r.getString(1)).append('=').append(r.getString(2)).append(' ');
            }
            return all.toString();
        }
    }

    Run summary(String... more) {
        List<String> args = new ArrayList<>(List.of("binlog", "summary"));
        args.addAll(files);
        args.addAll(List.of(more));
        return CliErrorsIT.run(args.toArray(String[]::new));
    }

}
