package dev.dbrescue.app.binlog;

import dev.dbrescue.app.CliErrorsIT;
import dev.dbrescue.app.CliErrorsIT.Run;
import dev.dbrescue.app.binlog.EveryTypeTables.Table;
import dev.dbrescue.app.binlog.FlashbackScript.Applied;
import dev.dbrescue.app.binlog.FlashbackScript.Line;
import dev.dbrescue.app.binlog.TableStates.State;
import dev.dbrescue.testkit.server.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 5, item 6: the round trip of {@code dbrescue flashback} on a MariaDB with ROW binary logs, full row images
 * and full metadata. Tables holding every column type ({@link EveryTypeTables}) get seeded random damage
 * ({@link RandomDamage}) over two binary log files; the undo SQL, applied, must give every table its checksum from
 * before the damage, and the {@code --forward} SQL, applied to the tables as they were before, its checksum from
 * after. On failure the message names each table that differs and its first differing rows, column by column, with
 * what applying the SQL showed (statements that matched no row, warnings): the decoder's debugging tool.
 */
class FlashbackRoundTripIT {

    private static final long SEED = 20_240_501L;
    private static final int RANDOM_OPERATIONS = 400;

    private static EmbeddedMariaDb db;
    /** The writing session's time zone: Europe/Paris (daylight saving time) when the server takes it. */
    private static ZoneId zone;
    private static List<Table> tables;
    private static State before;
    private static State after;
    /** The binary logs that hold the damage, oldest first; the damage starts at {@link #startPosition} of the first. */
    private static List<String> files;
    private static long startPosition;
    private static List<String> damage;

    @BeforeAll
    static void damageEveryType() throws Exception {
        db = EmbeddedMariaDb.start("--log-bin=binlog", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--binlog-row-metadata=FULL", "--server-id=1");
        String firstFile;
        String nextFile;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            zone = TimeZoneTables.loadOrFallBack(s, ZoneId.of("Europe/Paris"), ZoneId.of("+09:00"));
            s.execute("SET time_zone = '" + zone.getId() + "'");
            tables = new EveryTypeTables(zone).tables();
            RandomDamage writer = new RandomDamage(s, tables, SEED);
            writer.createAndFill();

            s.execute("FLUSH BINARY LOGS");
            firstFile = masterStatus(s, "File");
            startPosition = Long.parseLong(masterStatus(s, "Position"));
            before = capture();
            TableStates.copy(s, tables, "copy before");

            writer.damage(RANDOM_OPERATIONS, () -> {
                try {
                    s.execute("FLUSH BINARY LOGS");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            damage = writer.executed();
            after = capture();
            TableStates.copy(s, tables, "copy after");
            s.execute("FLUSH BINARY LOGS");
            nextFile = masterStatus(s, "File");
        }
        try (Stream<Path> list = Files.list(db.dataDirectory())) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("binlog\\.\\d{6}") && n.compareTo(firstFile) >= 0 && n.compareTo(nextFile) < 0)
                    .sorted().map(n -> db.dataDirectory().resolve(n).toString()).toList();
        }
    }

    /**
     * {@code -Dflashback.roundtrip.keep=DIR} keeps the binary logs there (the server and its data go away after the
     * test), to run the command on them by hand.
     */
    @AfterAll
    static void stop() throws Exception {
        String keep = System.getProperty("flashback.roundtrip.keep");
        if (keep != null && files != null) {
            Path dir = Files.createDirectories(Path.of(keep));
            for (String f : files) {
                Files.copy(Path.of(f), dir.resolve(Path.of(f).getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(dir.resolve("start-position"), startPosition + "\n");
        }
        if (db != null) {
            db.close();
        }
    }

    /** Without this, a table the damage left alone would pass the round trip without proving anything. */
    @Test
    void theDamageChangesEveryTableSpansTwoFilesAndWritesInParisTime() {
        for (Table t : tables) {
            assertThat(after.checksums().get(t)).as("checksum of %s after the damage", t)
                    .isNotEqualTo(before.checksums().get(t));
        }
        assertThat(files).hasSize(2);
        assertThat(zone).as("the writing session's time zone (TIMESTAMPs across DST changes)")
                .isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(damage).hasSizeGreaterThan(RANDOM_OPERATIONS);
    }

    /**
     * The harness checks itself: the damage's own statements, applied the same way to the tables put back as
     * before, give the state after. When this passes and the flashback tests fail, the command is at fault.
     */
    @Test
    void theDamageReplayedByTheHarnessGivesTheStateAfter() throws Exception {
        restore("copy before", before);
        List<Line> lines = IntStream.range(0, damage.size()).mapToObj(i -> new Line(i + 1, damage.get(i))).toList();
        Applied applied;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '" + zone.getId() + "'");
            applied = FlashbackScript.apply(s, lines);
        }
        assertEqualStates(after, "the damage replayed by the harness", applied, List.of());
    }

    @Test
    void flashbackUndoesTheDamage(@TempDir Path dir) throws Exception {
        restore("copy after", after);
        FlashbackScript script = flashback(dir.resolve("undo.sql"));

        Applied applied = apply(script);

        assertEqualStates(before, "the undo SQL applied to the tables after the damage", applied,
                script.contractBreaches);
    }

    @Test
    void forwardRedoesTheDamage(@TempDir Path dir) throws Exception {
        restore("copy before", before);
        FlashbackScript script = flashback(dir.resolve("forward.sql"), "--forward");

        Applied applied = apply(script);

        assertEqualStates(after, "the --forward SQL applied to the tables before the damage", applied,
                script.contractBreaches);
    }

    /**
     * {@code --apply --execute}: the guarded statements (every column compared exactly, whatever its type) find every
     * row as the damage left it, and bring the tables back; a second apply then finds every row changed (conflicts),
     * writes nothing, and stops.
     */
    @Test
    void applyExecuteUndoesTheDamageWithEveryRowChecked(@TempDir Path dir) throws Exception {
        restore("copy after", after);
        List<String> args = new ArrayList<>(List.of("flashback", "--binlog"));
        args.addAll(files);
        args.addAll(List.of("--start-position", Long.toString(startPosition), "--apply", db.uri()));

        Run dry = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("no conflict");

        args.addAll(List.of("--execute", "--yes", "--audit-log", dir.resolve("audit.jsonl").toString()));
        Run run = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertEqualStates(before, "flashback --apply --execute on the tables after the damage",
                new Applied(), List.of());

        Run again = CliErrorsIT.run(args.toArray(String[]::new));
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(1);
        assertThat(again.out()).contains("conflict: ", "stopped at");
        assertEqualStates(before, "a second --apply --execute, which must write nothing",
                new Applied(), List.of());
    }

    // ---- steps ----

    private static FlashbackScript flashback(Path output, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("flashback", "--binlog"));
        args.addAll(files);
        args.addAll(List.of("--start-position", Long.toString(startPosition), "--output", output.toString()));
        args.addAll(List.of(more));
        Run run = CliErrorsIT.run(args.toArray(String[]::new));
        if (run.exitCode() != 0) {
            args.add("--debug");
            Run again = CliErrorsIT.run(args.toArray(String[]::new));
            fail("dbrescue " + String.join(" ", args.subList(0, args.size() - 1)) + "\nexited with " + run.exitCode()
                    + ": " + run.err() + "with --debug:\n" + withoutTestFrames(again.err()));
        }
        // Breaches of the contract fail the test with the comparison, which is worth seeing all the same.
        FlashbackScript script = FlashbackScript.read(Files.readAllBytes(output));
        // stderr holds one line, what was written; anything more is a warning this range should not cause.
        String said = run.err().strip();
        if (said.contains("\n") || !said.startsWith("dbrescue: ") || !said.contains(" rows in ")) {
            script.contractBreaches.add(0, "stderr is not the one summary line: " + TableStates.quote(run.err()));
        }
        if (!script.text.contains("SET time_zone = '+00:00';")) {
            script.contractBreaches.add("no SET time_zone = '+00:00'; for the TIMESTAMP literals");
        }
        return script;
    }

    /** A stack trace without the frames of JUnit and this test, which say nothing about the command. */
    private static String withoutTestFrames(String trace) {
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String line : trace.split("\n")) {
            boolean frame = line.startsWith("\tat ") || line.startsWith("\t... ");
            skipping = frame && (skipping || line.contains(CliErrorsIT.class.getName()));
            if (!skipping) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    /** On a connection of its own, so that the script's session settings stay there. */
    private static Applied apply(FlashbackScript script) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            return script.apply(s);
        } catch (AssertionError e) {
            throw new AssertionError(breaches(script.contractBreaches) + e.getMessage(), e);
        }
    }

    private static void restore(String copy, State expected) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            TableStates.restore(s, tables, copy);
        }
        State restored = capture();
        assertThat(TableStates.differences(expected, restored)).as("the harness could not restore %s", copy)
                .isEmpty();
    }

    private static void assertEqualStates(State expected, String what, Applied applied, List<String> breaches)
            throws SQLException {
        List<String> differences = TableStates.differences(expected, capture());
        if (!differences.isEmpty() || !breaches.isEmpty()) {
            fail(breaches(breaches) + what + ": " + differences.size() + " of " + tables.size()
                    + " tables differ (writing session time zone " + zone + ")\n" + String.join("", differences)
                    + applied.notes());
        }
    }

    private static String breaches(List<String> breaches) {
        if (breaches.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("the SQL breaks its contract (" + breaches.size() + " times):\n");
        breaches.stream().limit(5).forEach(x -> b.append("  ").append(x).append('\n'));
        return b.toString();
    }

    /** Dumps in UTC, so that TIMESTAMPs compare as instants. */
    private static State capture() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            return TableStates.capture(s, tables);
        }
    }

    private static String masterStatus(Statement s, String column) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW MASTER STATUS")) {
            r.next();
            return r.getString(column);
        }
    }
}
