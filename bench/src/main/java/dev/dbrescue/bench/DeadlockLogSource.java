package dev.dbrescue.bench;

import dev.dbrescue.bench.LogTemplate.Id;
import dev.dbrescue.bench.LogTemplate.Rule;
import dev.dbrescue.bench.LogTemplate.Time;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The captured logs the big benchmark logs are made of: the head of the log (server start-up) once, then its
 * deadlock part repeated, each copy moved on in time, thread ids and transaction ids.
 *
 * @param fixture         the captured log, relative to the repository root
 * @param bodyStarts      the first line of the repeated part starts with ... (the lines before it are written once)
 * @param rules           the fields each copy varies
 * @param threadOffset    what copy k adds to every thread id (MariaDB) or pid (PostgreSQL): the victims move with it
 * @param deadlocksPerCopy what the parser finds in one copy (checked on copy 0 before anything is generated)
 * @param lockWaitsPerCopy PostgreSQL log_lock_waits waits per copy
 * @param warningsPerCopy the parser's warnings per copy (MariaDB: one, see {@link #MARIADB})
 * @param expectedFields  how many fields of each kind the rules must find in the repeated part
 */
record DeadlockLogSource(String name, String fixture, String bodyStarts, List<Rule> rules, LongUnaryOperator threadOffset,
                         int deadlocksPerCopy, int lockWaitsPerCopy, int warningsPerCopy,
                         Map<String, Integer> expectedFields) {

    /**
     * MariaDB 10.11 error log, innodb_print_all_deadlocks=ON, five deadlocks (captured README: 2-way lock order,
     * gap + insert intention, S to X upgrade, two 3-way cycles). Times move 20 s per copy (a copy spans 13 s),
     * thread ids 20 per copy (they run from 5 to 16), transaction ids 20 (35 to 54), query ids 200 (22 to 113). The
     * record dumps and OS thread handles are left as captured: servers reuse both. The parser warns once per copy, on
 * the fifth deadlock: MariaDB printed {@code WE ROLL BACK TRANSACTION (1)} but rolled back (3) (MDEV-37977; the
 * captured README), and the parser says it took (3).
     */
    static final DeadlockLogSource MARIADB = new DeadlockLogSource("mariadb",
            "dbrescue-core/src/test/resources/fixtures/captured/mariadb-10.11/innodb-parser-error.log",
            "2026-11-21 12:52:36 6 [Note] InnoDB: Transactions deadlock detected",
            List.of(
                    Rule.of("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) \\d+ \\[",
                            new Time(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"), 20_000)),
                    Rule.of("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (\\d+) \\[", Id.thread(k -> 20 * k)),
                    Rule.of("MariaDB thread id (\\d+),", Id.thread(k -> 20 * k)),
                    Rule.of("^TRANSACTION (\\d+),", Id.plain("trx", k -> 20 * k)),
                    Rule.of(" trx id (\\d+) ", Id.plain("trx", k -> 20 * k)),
                    Rule.of(" query id (\\d+) ", Id.plain("query", k -> 200 * k))),
            k -> 20 * k, 5, 0, 1,
            // 46 prefixed lines (time + thread), 12 MariaDB thread ids, 12 TRANSACTION + 28 lock trx ids, 12 queries
            Map.of("time", 46, "thread", 58, "trx", 40, "query", 12));

    /** pid_max on 64-bit Linux is 4,194,304 (2^22): pids stay below it, as real ones do, wrapping if need be. */
    private static final long PID_SPAN = 4_000_000;

    /**
     * PostgreSQL 15 stderr log, {@code log_line_prefix = '%m [%p] '}: three deadlocks (row, advisory 3-way,
     * relation) and twelve log_lock_waits waits per copy. Times move 5 s per copy (a copy spans 4.5 s), pids 30 per
     * copy (they run from 30202 to 30227), transaction ids 10 (728 to 732). Relation OIDs and advisory keys stay.
     */
    static final DeadlockLogSource POSTGRES = new DeadlockLogSource("postgres",
            "dbrescue-core/src/test/resources/fixtures/captured/postgresql-15/pglog-default.log",
            "2026-11-21 12:52:48.499 UTC [30202] LOG:  process 30202 still waiting",
            List.of(
                    Rule.of("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) UTC \\[",
                            new Time(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS"), 5_000)),
                    // the backends' pids are the only numbers of 30200 to 30299 in the repeated part
                    Rule.of("\\b(\\d{5})\\b",
                            new Id("thread", k -> (30 * k) % PID_SPAN, v -> v >= 30200 && v <= 30299)),
                    Rule.of(" on transaction (\\d+)", Id.plain("trx", k -> 10 * k))),
            k -> (30 * k) % PID_SPAN, 3, 12, 0,
            // 77 prefixed lines, 143 pids (prefixes, messages, DETAIL lists), 8 "on transaction N"
            Map.of("time", 77, "thread", 143, "trx", 8));

    static DeadlockLogSource named(String name) {
        return switch (name) {
            case "mariadb", "mysql", "innodb" -> MARIADB;
            case "postgres", "postgresql", "pg" -> POSTGRES;
            default -> throw new IllegalArgumentException("unknown log '" + name + "': mariadb or postgres");
        };
    }

    /** The captured log cut into its head (written once) and the template of the repeated part. */
    record Parts(String head, LogTemplate body, String captured) {
    }

    Parts read(Path repositoryRoot) throws IOException {
        Path path = repositoryRoot.resolve(fixture);
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(bodyStarts);
        if (at < 0 || (at > 0 && text.charAt(at - 1) != '\n') || !text.endsWith("\n")) {
            throw new IllegalStateException(path + " has changed: its repeated part no longer starts with '"
                    + bodyStarts + "' on a line of its own, or it does not end with a line break");
        }
        LogTemplate body = LogTemplate.of(text.substring(at), rules);
        if (!body.fieldCounts().equals(expectedFields)) {
            throw new IllegalStateException(path + ": the copy rules found " + body.fieldCounts() + " fields, expected "
                    + expectedFields + " (has the fixture changed?)");
        }
        return new Parts(text.substring(0, at), body, text);
    }
}
