package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.RandomTexts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written scanners of the PostgreSQL log parser against the regular expressions they replaced, kept here
 * as the definition: on real texts, on real texts damaged at random, and on pieces glued at random.
 */
class ScannersAgreeWithRegexTest {

    private static final Pattern EDGE = Pattern.compile(
            "^Process (\\d{1,18}) waits for (\\S+) on (.+); blocked by process (\\d{1,18})\\.?$");
    private static final Pattern STATEMENT = Pattern.compile("^Process (\\d{1,18}): ?(.*)$");
    private static final Pattern HOLDERS = Pattern.compile(
            "Process(?:es)? holding the lock: ([\\d, ]*)\\. Wait queue: ([\\d, ]*)\\.");
    private static final Pattern PID = Pattern.compile("\\d{1,18}");
    private static final Pattern FRACTION = Pattern.compile(":\\d{2}[.,]\\d|^\\d{10}\\.\\d");
    private static final Pattern VERBOSE_SQLSTATE = Pattern.compile("^[0-9A-Z]{5}: ");
    private static final Pattern SYSLOG_TAG = Pattern.compile("\\w\\[\\d+]: |\\[postgres\\.\\d+]");
    private static final Pattern RELATION_OID = Pattern.compile("\\brelation (\\d+) of database \\d+$");
    private static final Pattern CONTEXT_RELATION = Pattern.compile("(?m)^while .* in relation \"(.*)\"$");
    private static final Pattern WAIT_LINE = Pattern.compile("^process (\\d{1,18}) (still waiting for|acquired"
            + "|detected deadlock while waiting for|avoided deadlock for|failed to acquire) (\\S+) on (.+?)"
            + "(?: by rearranging queue order)? after (\\d+(?:\\.\\d+)?) ms");

    private static final String[] PIECES = {
        "Process ", "Processes ", "30203", "1234567890123456789", " waits for ", "ShareLock", " on ", "transaction 728",
        "; blocked by process ", ".", ":", ": ", " ", "\t", "\r", "\u2028", "\u0085", "\u000B", "é", "x", ",",
        " holding the lock: ", ". Wait queue: ", "Process holding the lock: 1, 2. Wait queue: 3.", "40P01", "ab",
        "2026-11-21 12:52:48", ".901", ",5", "1763729568.123", "[30202]", "postgres[4882]: ", "[postgres.4882]",
        "[15-1] ", "UTC ", "A", "Z9", "process ", "still waiting for", "acquired", "detected deadlock while waiting for",
        "avoided deadlock for", "failed to acquire", " after ", "after", "100", " ms", "ms", " by rearranging queue order",
        "(0,1)", "relation ", " of database ", "5", "\n", "\r\n", "_", "ä", "\u0301", "while ", "updating tuple ",
        " in relation \"", "\"", "accounts",
    };

    private static final String[] REAL = {
        "Process 30203 waits for ShareLock on transaction 728; blocked by process 30202.",
        "Process 30219 waits for ExclusiveLock on advisory lock [5,0,2,1]; blocked by process 30220.",
        "Process 30203: UPDATE accounts",
        "Process 30203:",
        "Process holding the lock: 30202. Wait queue: .",
        "Processes holding the lock: 30206, 30208. Wait queue: 30207, 30209.",
        "2026-11-21 12:52:48.901 UTC [30203] ",
        "1763729568.123 [30203] ",
        "40P01: deadlock detected",
        "Mar 14 00:22:56 db postgres[4882]: [15-1] ",
        "tuple (0,1) of relation 16384 of database 5",
        "relation 16384 of database 5",
        "page 0 of relation 16384 of database 5\n",
        "while updating tuple (0,2) in relation \"accounts\"",
        "SQL statement \"SELECT 1\"\r\nwhile locking tuple (3,4) in relation \"orders\"\nPL/pgSQL function f()",
        "process 30207 still waiting for ShareLock on transaction 730 after 100.167 ms",
        "process 30203 detected deadlock while waiting for ShareLock on transaction 728 after 100.133 ms",
        "process 30202 acquired ShareLock on transaction 729 after 502.885 ms",
        "process 4821 avoided deadlock for AccessExclusiveLock on relation 16384 of database 5 by rearranging queue"
            + " order after 1000.153 ms",
        "process 1 avoided deadlock for X on y by rearranging queue order after 5 ms",
        "process 77 failed to acquire ExclusiveLock on advisory lock [5,0,2,1] after 3 ms at character 15",
        "process 12 still waiting for RowExclusiveLock on tuple (0,1) of relation 16384 of database 5 after 1000 ms\nx",
        "2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN] [15-1] ",
    };

    @Test
    void waitLines() {
        agree(WaitLine::parse, message -> {
            Matcher m = WAIT_LINE.matcher(message);
            if (!message.startsWith("process ") || !m.lookingAt()) {
                return null;
            }
            return new WaitLine(Long.parseLong(m.group(1)), m.group(2), m.group(3), m.group(4),
                    Double.parseDouble(m.group(5)));
        });
    }

    @Test
    void relationOids() {
        agree(LockObjects::relationOid, object -> {
            Matcher m = RELATION_OID.matcher(object);
            return m.find() ? m.group(1) : null;
        });
    }

    @Test
    void contextRelations() {
        agree(LockObjects::contextRelation, context -> {
            Matcher m = CONTEXT_RELATION.matcher(context);
            return m.find() ? m.group(1) : null;
        });
    }

    @Test
    void cycleLines() {
        agree(DeadlockReport::edge, line -> {
            Matcher m = EDGE.matcher(line);
            return m.matches() ? new DeadlockReport.Edge(Long.parseLong(m.group(1)), m.group(2), m.group(3),
                    Long.parseLong(m.group(4))) : null;
        });
    }

    @Test
    void statementLines() {
        agree(DeadlockReport::statement, line -> {
            Matcher m = STATEMENT.matcher(line);
            return m.matches() ? new DeadlockReport.Statement(Long.parseLong(m.group(1)), m.group(2)) : null;
        });
    }

    @Test
    void holdersAndQueues() {
        agree(detail -> {
            String[] lists = LockWaits.holdersAndQueue(detail);
            return lists == null ? null : List.of(lists[0], lists[1], LockWaits.pids(lists[0]), LockWaits.pids(lists[1]));
        }, detail -> {
            Matcher m = HOLDERS.matcher(detail);
            return m.find() ? List.of(m.group(1), m.group(2), pids(m.group(1)), pids(m.group(2))) : null;
        });
    }

    @Test
    void fractionsOfSeconds() {
        agree(LogTime::hasFraction, text -> FRACTION.matcher(text).find());
    }

    @Test
    void verboseSqlStates() {
        agree(StderrLogReader::startsWithSqlState, text -> VERBOSE_SQLSTATE.matcher(text).lookingAt());
    }

    @Test
    void interleavingPrefixes() {
        agree(LinePrefix::interleaves, prefix -> SYSLOG_TAG.matcher(prefix).find());
    }

    private static List<Long> pids(String list) {
        List<Long> pids = new ArrayList<>();
        Matcher digits = PID.matcher(list);
        while (digits.find()) {
            pids.add(Long.valueOf(digits.group()));
        }
        return pids;
    }

    private static <T> void agree(Function<String, T> scanner, Function<String, T> definition) {
        new RandomTexts(REAL, new String[] {"Process ", "Processes ", "process ", "while ", "relation ", ""}, PIECES)
                .agree(scanner, definition, 200_000, 29);
    }
}
