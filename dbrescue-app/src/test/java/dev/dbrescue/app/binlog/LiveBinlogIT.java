package dev.dbrescue.app.binlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.binlog.live.LiveBinlogs;
import dev.dbrescue.core.connect.Connector;
import dev.dbrescue.core.connect.ServerConnection;
import dev.dbrescue.core.target.ClientEnvironment;
import dev.dbrescue.core.target.Target;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import dev.dbrescue.testkit.server.TestServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --target}: seed 01's accident ({@link BinlogAccident}) read from the live server through the replication
 * protocol gives what the same server's files give, and each way it can be refused is one line and its exit code.
 * The accident ends with FLUSH BINARY LOGS, so reading from binlog.000001 crosses a ROTATE into the current file.
 */
class LiveBinlogIT extends OnBinlogAccident {

    private static String dataDirectory;

    @BeforeAll
    static void rememberTheDataDirectory() {
        dataDirectory = accident.db.dataDirectory().toString() + File.separator;
    }

    @Test
    void theCopyIsTheServersFilesByteForByteAndIsDeletedAtTheEnd() throws Exception {
        List<String> notices = new ArrayList<>();
        List<Path> copies;
        try (LiveBinlogs live = LiveBinlogs.read(Target.parse(accident.db.uri()), ClientEnvironment.current(),
                "binlog.000001", notices::add)) {
            copies = live.files();
            assertThat(copies).extracting(p -> p.getFileName().toString())
                    .containsExactlyElementsOf(accident.files.stream().map(f -> Path.of(f).getFileName().toString())
                            .toList());
            for (int i = 0; i < copies.size(); i++) {
                byte[] copy = Files.readAllBytes(copies.get(i));
                byte[] original = Files.readAllBytes(Path.of(accident.files.get(i)));
                if (i == copies.size() - 1) {
                    // The current file: the server sends its format description with the "in use" flag cleared, as
                    // it is in a closed file (byte 17 of the event at position 4); the rest is the same.
                    assertThat(original[4 + 17] & 1).isEqualTo(1);
                    original[4 + 17] &= ~1;
                }
                assertThat(copy).as(copies.get(i).getFileName().toString()).isEqualTo(original);
            }
            assertThat(copies.get(0).getParent()).isNotEqualTo(accident.db.dataDirectory());
        }
        assertThat(notices).isEmpty(); // the start file was given
        assertThat(copies.get(0).getParent()).doesNotExist();
    }

    /**
     * The protocol splits an event of 16 MB or more into packets of 16 MB - 1 bytes (and an empty one when it is a
     * multiple of that): the copy must still be the file, and the file read as any other.
     */
    @Test
    void eventsLongerThanOnePacketAreCopiedWhole() throws Exception {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start("--log-bin=binlog", "--binlog-format=ROW",
                "--max-allowed-packet=64M", "--server-id=1");
             Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test.big (id INT PRIMARY KEY, b LONGBLOB)");
            long before = BinlogAccident.masterPosition(s);
            s.execute("INSERT INTO test.big VALUES (1, REPEAT('x', 10))");
            long overhead = rowsEventLength(s, before) - 10; // what the rows event holds beyond its 10-byte blob
            int packet = (1 << 24) - 1;
            // Event + the OK byte = exactly one full packet, then an empty one; then one of 20 MB over two packets.
            long boundary = BinlogAccident.masterPosition(s);
            s.execute("INSERT INTO test.big VALUES (2, REPEAT('y', " + (packet - 1 - overhead) + "))");
            assertThat(rowsEventLength(s, boundary)).isEqualTo(packet - 1);
            s.execute("INSERT INTO test.big VALUES (3, REPEAT('z', 20 * 1024 * 1024))");
            s.execute("UPDATE test.big SET b = 'small' WHERE id = 3");
            String current = BinlogAccident.string(s, "SHOW MASTER STATUS");

            try (LiveBinlogs live = LiveBinlogs.read(Target.parse(db.uri()), ClientEnvironment.current(), current,
                    line -> { })) {
                byte[] original = Files.readAllBytes(db.dataDirectory().resolve(current));
                assertThat(original.length).as("both long rows logged").isGreaterThan(packet + (20 << 20));
                original[4 + 17] &= ~1; // "in use", cleared in the stream
                assertThat(live.files()).hasSize(1);
                assertThat(Files.readAllBytes(live.files().get(0))).isEqualTo(original);
            }
            Run summary = CliErrorsIT.run("binlog", "summary", "--target", db.uri(), "--format", "json");
            assertThat(summary.exitCode()).as(summary.err()).isIn(0, 1);
            JsonNode json = new ObjectMapper().readTree(summary.out());
            assertThat(json.get("rows").asLong()).isEqualTo(4);
        }
    }

    private static long rowsEventLength(Statement s, long from) throws Exception {
        try (var rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + BinlogAccident.string(s, "SHOW MASTER STATUS")
                + "' FROM " + from)) {
            while (rs.next()) {
                if (rs.getString("Event_type").startsWith("Write_rows")) {
                    return rs.getLong("End_log_pos") - rs.getLong("Pos");
                }
            }
        }
        throw new AssertionError("no Write_rows event after position " + from);
    }

    @Test
    void theSummaryOfTheLiveBinlogIsTheSummaryOfItsFiles() throws Exception {
        Run live = CliErrorsIT.run("binlog", "summary", "--target", accident.db.uri(), "--start-file",
                "binlog.000001", "--format", "json");
        Run files = accident.summary("--format", "json");

        assertThat(live.exitCode()).as(live.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(live.out());
        JsonNode flagged = json.at("/suspicious/0/transaction");
        assertThat(flagged.get("gtid").asText()).isEqualTo(accident.accidentGtid);
        assertThat(flagged.get("file").asText()).isEqualTo(accident.accidentFile);
        assertThat(flagged.get("start_position").asLong()).isEqualTo(accident.accidentStart);
        assertThat(flagged.get("end_position").asLong()).isEqualTo(accident.accidentEnd);
        assertThat(flagged.get("rows").asLong()).isEqualTo(accident.usersBefore);
        assertThat(json.get("files")).extracting(JsonNode::asText).containsExactly("binlog.000001", "binlog.000002");
        // Everything else too, once the files given on the command line are named as the server names them.
        assertThat(live.out()).isEqualTo(files.out().replace(dataDirectory, ""));
        assertThat(live.err()).contains("the recovery commands name the server's binlog files")
                .doesNotContain("(the current file");
        assertThat(live.err().strip().lines()).hasSize(1);
    }

    @Test
    void flashbackOfTheLiveBinlogWritesTheSameSqlAsFromItsFiles() {
        Run live = CliErrorsIT.run("flashback", "--target", accident.db.uri(), "--start-file", "binlog.000001",
                "--transaction", accident.accidentGtid);
        List<String> args = new ArrayList<>(List.of("flashback", "--binlog"));
        args.addAll(accident.files);
        args.addAll(List.of("--transaction", accident.accidentGtid));
        Run files = CliErrorsIT.run(args.toArray(String[]::new));

        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.err()).contains("undo of 1 transactions, " + accident.usersBefore + " rows");
        assertThat(live.out()).contains("INSERT INTO `shop`.`users` (`id`,`name`,`email`) VALUES", "gtid "
                + accident.accidentGtid + " at " + accident.accidentFile + ":" + accident.accidentStart + "-"
                + accident.accidentEnd);
        assertThat(live.out()).isEqualTo(files.out().replace(dataDirectory, ""));

        // A position in a named file selects it too, as the summary shows it.
        Run byPosition = CliErrorsIT.run("flashback", "--target", accident.db.uri(), "--start-file",
                "binlog.000001", "--transaction", accident.accidentFile + ":" + accident.accidentStart, "--forward");
        assertThat(byPosition.exitCode()).as(byPosition.err()).isZero();
        assertThat(byPosition.out()).contains("DELETE FROM `shop`.`users` WHERE `id`=1 LIMIT 1;");

        // Refusals name the server's file, not the temporary copy.
        Run ddl = CliErrorsIT.run("flashback", "--target", accident.db.uri(), "--start-file", "binlog.000001");
        assertThat(ddl.exitCode()).isEqualTo(7);
        assertOneLine(ddl).startsWith("dbrescue: binlog.000001 at position ").contains("a schema change");
        assertThat(ddl.out()).isEmpty();
    }

    /**
     * FLUSH BINARY LOGS after the accident left the current file empty, as a transaction larger than max_binlog_size
     * or a backup's FLUSH LOGS would: reading only the current file would miss it, so the file before is read too.
     */
    @Test
    void withoutStartFileItReadsTheCurrentFileAndTheOneBeforeAndSaysSo() {
        Run run = CliErrorsIT.run("binlog", "summary", "--target", accident.db.uri());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("dbrescue: reading binlog.000001 and"
                + " binlog.000002 (the file before the current one").endsWith(" from " + accident.db.uri()
                + " (--start-file NAME for earlier ones)");
        assertThat(run.out()).contains("in 2 file(s)", "DELETE FROM shop.users");
    }

    @Test
    void anUnknownStartFileIsABadOptionThatListsTheFiles() {
        Run run = CliErrorsIT.run("binlog", "summary", "--target", accident.db.uri(), "--start-file",
                "binlog.000099");

        assertThat(run.exitCode()).isEqualTo(2);
        assertOneLine(run).contains("--start-file binlog.000099", "has no such binlog",
                "binlog.000001, binlog.000002");
    }

    @Test
    void anAccountWithoutReplicationPrivilegesIsToldWhatToGrant() throws Exception {
        try (Connection c = DriverManager.getConnection(accident.db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0"); // keep the accident's binlog as the other tests expect it
            s.execute("CREATE USER IF NOT EXISTS 'dbrescue_monitor'@'%' IDENTIFIED BY 'monitor-secret-7'");
            s.execute("GRANT BINLOG MONITOR ON *.* TO 'dbrescue_monitor'@'%'");
            s.execute("CREATE USER IF NOT EXISTS 'dbrescue_nobody'@'%' IDENTIFIED BY 'nobody-secret-8'");
        }
        String hostPort = "127.0.0.1:" + accident.db.port();

        // May see where the binlog stands, but not stream it: refused by the server at the dump.
        Run monitor = CliErrorsIT.run("binlog", "summary", "--target", "mysql://dbrescue_monitor:monitor-secret-7@"
                + hostPort, "--start-file", "binlog.000001");
        assertThat(monitor.exitCode()).isEqualTo(5);
        assertOneLine(monitor).contains("may not read the binlog as a replica", "REPLICATION SLAVE",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'dbrescue_monitor'@'%'")
                .doesNotContain("monitor-secret-7");

        // May not even see where it stands.
        Run nobody = CliErrorsIT.run("flashback", "--target", "mysql://dbrescue_nobody:nobody-secret-8@" + hostPort,
                "--transaction", accident.accidentGtid);
        assertThat(nobody.exitCode()).isEqualTo(5);
        assertOneLine(nobody).contains("SHOW MASTER STATUS",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'dbrescue_nobody'@'%'")
                .doesNotContain("nobody-secret-8");
        assertThat(nobody.out()).isEmpty();
    }

    @Test
    void aServerWithoutBinaryLoggingIsMalformedInput() throws Exception {
        String uri = TestServers.mariadb().uri();
        EmbeddedMariaDb own = null;
        if (logBin(uri)) {
            own = EmbeddedMariaDb.start(); // the test server given logs its changes: one that does not
            uri = own.uri();
        }
        try {
            Run run = CliErrorsIT.run("binlog", "summary", "--target", uri);
            assertThat(run.exitCode()).isEqualTo(7);
            assertOneLine(run).contains("binary logging is off", "log_bin", "restart");
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    @Test
    void postgresqlHasNoBinlog() {
        Run run = CliErrorsIT.run("flashback", "--target", TestServers.postgres().uri());

        assertThat(run.exitCode()).isEqualTo(6);
        assertOneLine(run).contains("postgresql", "no binary log", "MySQL or MariaDB");
    }

    @Test
    void filesAndTargetTogetherOrStartFileAloneAreBadOptions() {
        Run both = CliErrorsIT.run("binlog", "summary", "binlog.000001", "--target", "mysql://root@127.0.0.1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Run neither = CliErrorsIT.run("flashback", "--transaction", "0-1-5");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--binlog FILE..., or --target URL");
        Run alone = CliErrorsIT.run("flashback", "--binlog", "binlog.000001", "--start-file", "binlog.000001");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--start-file goes with --target");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertOneLine(Run run) {
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("dbrescue: ").doesNotContain("\tat ").doesNotContain("Exception");
        return assertThat(run.err());
    }

    private static boolean logBin(String uri) throws Exception {
        try (ServerConnection server = new Connector(ClientEnvironment.current()).open(Target.parse(uri));
             Statement s = server.connection().createStatement()) {
            return "1".equals(BinlogAccident.string(s, "SELECT @@log_bin"));
        }
    }
}
