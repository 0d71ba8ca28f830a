package dev.dbrescue.core.deadlock.postgres;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.LoggedLockWait;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.dbrescue.core.deadlock.postgres.Parsed.transaction;
import static dev.dbrescue.core.deadlock.postgres.Parsed.victim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Our own PostgreSQL 15.15 logs (see fixtures/captured/postgresql-15/README.md): the same seven scenarios logged
 * with different prefixes, time zones, verbosities and in the three formats.
 */
class PostgresLogParserTest {

    private static final String ROW_VICTIM_QUERY = "UPDATE accounts\n   SET balance = balance + 20\n WHERE id = 1";
    private static final String ROW_OTHER_QUERY =
            "UPDATE accounts\n   SET balance = balance + 10, note = 'from 1, \"A\"'\n WHERE id = 2";
    private static final List<String> OUTCOMES = List.of("acquired", "deadlock", "acquired", "timeout", "canceled",
            "acquired", "acquired", "deadlock", "acquired", "deadlock", "avoided-deadlock", "acquired");

    /** Every capture holds the same three deadlocks and twelve waits, whatever the layout. */
    @ParameterizedTest
    @ValueSource(strings = {"pglog-default.log", "pglog-default.csv", "pglog-default.json", "pglog-prefix-jst.log",
            "pglog-verbose-ny.log", "pglog-rds-ist.log", "pglog-noprefix.log", "pglog-syslog.log"})
    void everyLayoutGivesTheSameDeadlocksAndWaits(String fixture) {
        Parsed parsed = Parsed.captured(fixture);

        assertThat(parsed.warnings).isEmpty();
        List<Deadlock> deadlocks = parsed.deadlocksByLine();
        assertThat(deadlocks).hasSize(3).allSatisfy(d -> {
            assertThat(d.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(d.source()).isEqualTo(fixture);
            assertThat(d.tooDeep()).isFalse();
        });

        Deadlock rows = deadlocks.get(0);
        assertThat(rows.transactions()).hasSize(2);
        DeadlockTransaction rowVictim = victim(rows);
        DeadlockTransaction rowOther = rows.transactions().get(1);
        assertThat(rows.victimThreadId()).isEqualTo(rowVictim.threadId());
        assertThat(rows.transactions().get(0)).isSameAs(rowVictim);
        assertThat(rowVictim.query()).isEqualTo(ROW_VICTIM_QUERY);
        assertThat(rowOther.query()).isEqualTo(ROW_OTHER_QUERY);
        assertThat(rowVictim.trxId()).isEqualTo("729");
        assertThat(rowOther.trxId()).isEqualTo("728");
        assertThat(rowVictim.waitingFor()).isEqualTo(new DeadlockLock("accounts", null, "ShareLock",
                LockKind.TRANSACTION, false, "transaction 728", List.of()));
        assertThat(rowOther.waitingFor()).isEqualTo(new DeadlockLock(null, null, "ShareLock",
                LockKind.TRANSACTION, false, "transaction 729", List.of()));
        assertThat(rowVictim.holds()).containsExactly(new DeadlockLock(null, null, "ExclusiveLock",
                LockKind.TRANSACTION, false, "transaction 729", List.of()));
        assertThat(rowOther.holds()).extracting(DeadlockLock::object).containsExactly("transaction 728");

        Deadlock advisory = deadlocks.get(1);
        assertThat(advisory.transactions()).hasSize(3).allSatisfy(t -> {
            assertThat(t.waitingFor().mode()).isEqualTo("ExclusiveLock");
            assertThat(t.waitingFor().kind()).isEqualTo(LockKind.OTHER);
            assertThat(t.trxId()).isNull();
            assertThat(t.holds()).hasSize(1);
        });
        assertThat(advisory.transactions()).extracting(t -> t.waitingFor().object()).containsExactly(
                "advisory lock [5,0,1,1]", "advisory lock [5,0,2,1]", "advisory lock [5,0,3,1]");
        assertThat(advisory.transactions()).extracting(DeadlockTransaction::query).containsExactly(
                "SELECT pg_advisory_xact_lock(1)", "SELECT pg_advisory_xact_lock(2)",
                "SELECT pg_advisory_xact_lock(3)");
        assertThat(victim(advisory).holds()).extracting(DeadlockLock::object)
                .containsExactly("advisory lock [5,0,3,1]");

        Deadlock relations = deadlocks.get(2);
        assertThat(relations.transactions()).extracting(t -> t.waitingFor().table()).containsExactly("16391", "16394");
        assertThat(relations.transactions()).allSatisfy(t -> {
            assertThat(t.waitingFor().kind()).isEqualTo(LockKind.RELATION);
            assertThat(t.waitingFor().mode()).isEqualTo("ShareRowExclusiveLock");
            assertThat(t.holds()).singleElement().satisfies(held -> {
                assertThat(held.kind()).isEqualTo(LockKind.RELATION);
                assertThat(held.mode()).as("the holder's mode is not logged").isNull();
            });
        });
        assertThat(victim(relations).query()).isEqualTo("LOCK TABLE t1 IN SHARE ROW EXCLUSIVE MODE");

        List<LoggedLockWait> waits = parsed.waitsByLine();
        assertThat(waits).extracting(LoggedLockWait::outcome).containsExactlyElementsOf(OUTCOMES);
        assertThat(waits).allSatisfy(w -> {
            assertThat(w.source()).isEqualTo(fixture);
            assertThat(w.lock().mode()).isNotNull();
            assertThat(w.query()).isNotBlank();
            assertThat(w.queue()).as("each waiter was alone in its queue").isEmpty();
        });
        assertThat(waits).filteredOn(w -> !w.outcome().equals("avoided-deadlock"))
                .allSatisfy(w -> assertThat(w.holders()).hasSize(1));
        // the deadlock victims are the waits that ended in a deadlock, on the lock they name
        for (Deadlock deadlock : deadlocks) {
            LoggedLockWait victimWait = waits.stream()
                    .filter(w -> w.pid().equals(deadlock.victimThreadId()) && w.outcome().equals("deadlock"))
                    .findFirst().orElseThrow();
            assertThat(victimWait.lock().object()).isEqualTo(victim(deadlock).waitingFor().object());
            assertThat(victimWait.line()).isLessThan(deadlock.line());
        }
        LoggedLockWait timeout = waits.get(3);
        assertThat(timeout.lock().table()).isEqualTo("accounts");
        assertThat(timeout.query()).isEqualTo("UPDATE accounts SET balance = 0 WHERE id = 4");
        LoggedLockWait canceled = waits.get(4);
        assertThat(canceled.lock().mode()).isEqualTo("AccessShareLock");
        assertThat(canceled.lock().object()).isEqualTo("relation 16391 of database 5");
        LoggedLockWait avoided = waits.get(10);
        assertThat(avoided.lock().mode()).isEqualTo("AccessExclusiveLock");
        assertThat(avoided.holders()).hasSize(2);
    }

    @Test
    void defaultPrefixWithExactPidsTimesAndDurations() {
        Parsed parsed = Parsed.captured("pglog-default.log");

        List<Deadlock> deadlocks = parsed.deadlocksByLine();
        assertThat(deadlocks).extracting(Deadlock::line).containsExactly(18L, 65L, 84L);
        assertThat(deadlocks).extracting(Deadlock::victimThreadId).containsExactly(30203L, 30221L, 30224L);
        Deadlock rows = deadlocks.get(0);
        assertThat(rows.detectedAt()).isEqualTo(Instant.parse("2026-11-21T12:52:48.901Z"));
        assertThat(rows.timeText()).isEqualTo("2026-11-21 12:52:48.901 UTC");
        assertThat(rows.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(30203L, 30202L);
        assertThat(victim(rows).user()).as("the default prefix shows no user").isNull();
        assertThat(deadlocks.get(1).transactions()).extracting(DeadlockTransaction::threadId)
                .containsExactly(30221L, 30219L, 30220L);
        assertThat(transaction(deadlocks.get(2), 30223L).waitingFor().object())
                .isEqualTo("relation 16394 of database 5");

        List<LoggedLockWait> waits = parsed.waitsByLine();
        assertThat(waits).extracting(LoggedLockWait::pid).containsExactly(30202L, 30203L, 30207L, 30210L, 30217L,
                30219L, 30220L, 30221L, 30223L, 30224L, 30226L, 30225L);
        assertThat(waits).extracting(LoggedLockWait::line).containsExactly(6L, 12L, 37L, 44L, 51L, 56L, 59L, 62L,
                78L, 81L, 93L, 99L);
        LoggedLockWait acquired = waits.get(0);
        assertThat(acquired.waitedMs()).isEqualTo(502.885);
        assertThat(acquired.holders()).containsExactly(30203L);
        assertThat(acquired.timeText()).isEqualTo("2026-11-21 12:52:48.499 UTC");
        assertThat(acquired.startedAt()).as("the wait began deadlock_timeout before its first line")
                .isEqualTo(Instant.parse("2026-11-21T12:52:48.398878Z"));
        assertThat(acquired.lock()).isEqualTo(new DeadlockLock("accounts", null, "ShareLock", LockKind.TRANSACTION,
                false, "transaction 729", List.of()));
        assertThat(waits.get(1).waitedMs()).isEqualTo(100.133);
        // lock_timeout = 400ms: the wait lasted from 100.130 ms before 49.939 until the error at 50.239
        assertThat(waits.get(3).waitedMs()).isCloseTo(400.130, within(0.001));
        assertThat(waits.get(3).holders()).containsExactly(30209L);
        assertThat(waits.get(4).waitedMs()).isCloseTo(402.119, within(0.001));
        assertThat(waits.get(4).query()).isEqualTo("SELECT count(*) FROM t1");
        assertThat(waits.get(10).holders()).containsExactly(30225L, 30227L);
        assertThat(waits.get(10).waitedMs()).isEqualTo(405.228);
    }

    /** One run logged to stderr, csvlog and jsonlog at once: the three must read the same. */
    @Test
    void stderrCsvlogAndJsonlogOfOneRunAgree() {
        Parsed stderr = Parsed.captured("pglog-default.log");
        Parsed csv = Parsed.captured("pglog-default.csv");
        Parsed json = Parsed.captured("pglog-default.json");

        assertThat(withoutUserAndHost(csv.deadlocksByLine())).isEqualTo(withoutUserAndHost(stderr.deadlocksByLine()));
        assertThat(withoutUserAndHost(json.deadlocksByLine())).isEqualTo(withoutUserAndHost(stderr.deadlocksByLine()));
        assertThat(withoutLine(csv.waitsByLine())).isEqualTo(withoutLine(stderr.waitsByLine()));
        assertThat(withoutLine(json.waitsByLine())).isEqualTo(withoutLine(stderr.waitsByLine()));
        for (Parsed structured : List.of(csv, json)) {
            assertThat(structured.deadlocks).allSatisfy(d -> {
                assertThat(victim(d).user()).isEqualTo("postgres");
                assertThat(victim(d).host()).isEqualTo("127.0.0.1");
            });
        }
        assertThat(csv.deadlocksByLine()).extracting(Deadlock::line).containsExactly(12L, 34L, 44L);
        assertThat(json.deadlocksByLine()).extracting(Deadlock::line).containsExactly(8L, 19L, 24L);
    }

    @Test
    void wholeSecondJapaneseTimesAndUserInThePrefix() {
        Parsed parsed = Parsed.captured("pglog-prefix-jst.log");

        Deadlock rows = parsed.deadlocksByLine().get(0);
        assertThat(rows.timeText()).isEqualTo("2026-11-21 21:53:01 JST");
        assertThat(rows.detectedAt()).isEqualTo(Instant.parse("2026-11-21T12:53:01Z"));
        assertThat(rows.victimThreadId()).isEqualTo(30436L);
        assertThat(victim(rows).user()).isEqualTo("postgres");
        assertThat(victim(rows).host()).isEqualTo("127.0.0.1");
        LoggedLockWait timeout = parsed.waitsByLine().get(3);
        assertThat(timeout.pid()).isEqualTo(30475L);
        assertThat(timeout.waitedMs()).as("%t has whole seconds: the last logged figure, not a time difference")
                .isEqualTo(100.172);
    }

    @Test
    void verboseErrorsWithSqlstateAndLocationLines() {
        Parsed parsed = Parsed.captured("pglog-verbose-ny.log");

        Deadlock rows = parsed.deadlocksByLine().get(0);
        assertThat(rows.line()).isEqualTo(25);
        assertThat(rows.timeText()).isEqualTo("2026-11-21 07:53:08.962 EST");
        assertThat(rows.detectedAt()).isEqualTo(Instant.parse("2026-11-21T12:53:08.962Z"));
        assertThat(rows.victimThreadId()).isEqualTo(30598L);
        assertThat(victim(rows).user()).isEqualTo("postgres");
        assertThat(victim(rows).query()).as("the LOCATION line is not part of the statement")
                .isEqualTo(ROW_VICTIM_QUERY);
        assertThat(parsed.waitsByLine().get(0).query()).isEqualTo(ROW_OTHER_QUERY);
    }

    @Test
    void rdsPrefixWithTheZoneGluedToAColon() {
        Parsed parsed = Parsed.captured("pglog-rds-ist.log");

        Deadlock rows = parsed.deadlocksByLine().get(0);
        assertThat(rows.timeText()).isEqualTo("2026-11-21 18:26:37 IST");
        assertThat(rows.detectedAt()).isEqualTo(Instant.parse("2026-11-21T12:56:37Z"));
        assertThat(rows.victimThreadId()).isEqualTo(1329L);
        assertThat(victim(rows).user()).isEqualTo("postgres");
        assertThat(victim(rows).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void syslogWithSequenceNumbersAndEscapedTabs() {
        Parsed parsed = Parsed.captured("pglog-syslog.log");

        Deadlock rows = parsed.deadlocksByLine().get(0);
        assertThat(rows.victimThreadId()).isEqualTo(31147L);
        assertThat(rows.timeText()).isEqualTo("Nov 21 12:53:39");
        assertThat(rows.detectedAt()).as("syslog prints no year").isNull();
        assertThat(transaction(rows, 31146L).query()).isEqualTo(ROW_OTHER_QUERY);
        assertThat(victim(rows).user()).isEqualTo("postgres");
        assertThat(parsed.waitsByLine()).extracting(LoggedLockWait::startedAt).containsOnlyNulls();
        assertThat(parsed.waitsByLine().get(3).waitedMs()).as("no instants: the last logged figure")
                .isEqualTo(100.099);
    }

    @Test
    void withoutAnyPrefixThePidsComeFromTheMessages() {
        Parsed parsed = Parsed.captured("pglog-noprefix.log");

        List<Deadlock> deadlocks = parsed.deadlocksByLine();
        assertThat(deadlocks).extracting(Deadlock::victimThreadId).as("the first waiter of each cycle")
                .containsExactly(1613L, 1625L, 1628L);
        assertThat(deadlocks).extracting(Deadlock::detectedAt).containsOnlyNulls();
        assertThat(deadlocks).extracting(Deadlock::timeText).containsOnlyNulls();
        LoggedLockWait timeout = parsed.waitsByLine().get(3);
        assertThat(timeout.pid()).as("the lock timeout error matched to the wait by its statement")
                .isEqualTo(1619L);
        assertThat(timeout.holders()).containsExactly(1618L);
    }

    @Test
    void terseLogsGiveTheVictimAndAWarningPerDeadlock() {
        Parsed parsed = Parsed.captured("pglog-epoch-pid-terse.log");

        assertThat(parsed.warnings).extracting(w -> w.line()).containsExactly(14L, 40L, 50L);
        assertThat(parsed.warnings).allSatisfy(w -> assertThat(w.text()).contains("terse"));
        List<Deadlock> deadlocks = parsed.deadlocksByLine();
        assertThat(deadlocks).extracting(Deadlock::victimThreadId).containsExactly(1495L, 1539L, 1542L);
        Deadlock rows = deadlocks.get(0);
        assertThat(rows.timeText()).isEqualTo("1795265805.404");
        assertThat(rows.detectedAt()).isEqualTo(Instant.ofEpochMilli(1795265805404L));
        assertThat(rows.transactions()).singleElement().satisfies(t -> {
            assertThat(t.victim()).isTrue();
            assertThat(t.query()).isEqualTo(ROW_VICTIM_QUERY);
            assertThat(t.waitingFor().object()).as("from its 'detected deadlock while waiting for' line")
                    .isEqualTo("transaction 728");
        });
        assertThat(parsed.waitsByLine()).extracting(LoggedLockWait::outcome).containsExactlyElementsOf(OUTCOMES);
        assertThat(parsed.waitsByLine()).allSatisfy(w -> assertThat(w.holders()).isEmpty());
        assertThat(parsed.waitsByLine().get(3).waitedMs()).isCloseTo(400.234, within(0.001));
    }

    /**
     * With lock_timeout shorter than deadlock_timeout no {@code still waiting} line is logged: the same log with
     * 30210's waiting message taken out shows what remains.
     */
    @Test
    void aLockTimeoutWithoutAnyWaitLine() {
        List<String> lines = Parsed.capturedText("pglog-default.log").lines().toList();
        assertThat(lines.get(43)).contains("[30210] LOG:  process 30210 still waiting for ShareLock");
        assertThat(lines.get(47)).contains("[30210] ERROR:  canceling statement due to lock timeout");
        List<String> edited = new java.util.ArrayList<>(lines.subList(0, 43));
        edited.addAll(lines.subList(47, lines.size()));
        Parsed parsed = Parsed.parse(String.join("\n", edited));

        assertThat(parsed.warnings).isEmpty();
        assertThat(parsed.waitsByLine()).filteredOn(w -> w.pid() == 30210L).singleElement().satisfies(w -> {
            assertThat(w.outcome()).isEqualTo("timeout");
            assertThat(w.line()).isEqualTo(44);
            assertThat(w.lock()).isEqualTo(new DeadlockLock("accounts", null, null, LockKind.TUPLE, false,
                    "tuple (0,4) of relation \"accounts\"", List.of()));
            assertThat(w.startedAt()).isNull();
            assertThat(w.timeText()).isEqualTo("2026-11-21 12:52:50.239 UTC");
            assertThat(w.waitedMs()).isNull();
            assertThat(w.holders()).isEmpty();
            assertThat(w.query()).isEqualTo("UPDATE accounts SET balance = 0 WHERE id = 4");
        });
        assertThat(parsed.waits).hasSize(12);
    }

    @Test
    void theFormatIsToldFromTheHead() {
        assertThat(PostgresLogFormat.detect(Parsed.capturedText("pglog-default.csv"))).isEqualTo(
                PostgresLogFormat.CSVLOG);
        assertThat(PostgresLogFormat.detect(Parsed.capturedText("pglog-default.json"))).isEqualTo(
                PostgresLogFormat.JSONLOG);
        for (String stderr : Set.of("pglog-default.log", "pglog-syslog.log", "pglog-noprefix.log",
                "pglog-rds-ist.log", "pglog-epoch-pid-terse.log")) {
            String head = Parsed.capturedText(stderr);
            assertThat(PostgresLogFormat.detect(head)).as(stderr).isEqualTo(PostgresLogFormat.STDERR);
            assertThat(PostgresLogParser.recognizes(head)).as(stderr).isTrue();
        }
        assertThat(PostgresLogParser.recognizes(Parsed.capturedText("pglog-default.csv"))).isTrue();
        assertThat(PostgresLogParser.recognizes(Parsed.capturedText("pglog-default.json"))).isTrue();
    }

    @Test
    void aGivenFormatIsUsedAsIs() {
        Parsed asCsv = Parsed.parse(Parsed.capturedReader("pglog-default.csv"), "x",
                new PostgresLogParser(PostgresLogFormat.CSVLOG));
        assertThat(asCsv.deadlocks).hasSize(3);
        Parsed jsonAsStderr = Parsed.parse(Parsed.capturedReader("pglog-default.json"), "x",
                new PostgresLogParser(PostgresLogFormat.STDERR));
        assertThat(jsonAsStderr.deadlocks).isEmpty();
        assertThat(jsonAsStderr.warnings).as("one per line that is not PostgreSQL stderr").hasSize(30);
    }

    private static List<Deadlock> withoutUserAndHost(List<Deadlock> deadlocks) {
        return deadlocks.stream().map(d -> new Deadlock(d.engine(), d.detectedAt(), d.timeText(), d.victimThreadId(),
                d.transactions().stream().map(t -> new DeadlockTransaction(t.trxId(), t.threadId(), null, null,
                        t.state(), t.activeSeconds(), t.tablesInUse(), t.tablesLocked(), t.lockStructs(), t.rowLocks(),
                        t.undoEntries(), t.query(), t.holds(), t.waitingFor(), t.victim())).toList(),
                d.tooDeep(), "", 0)).toList();
    }

    private static List<LoggedLockWait> withoutLine(List<LoggedLockWait> waits) {
        return waits.stream().map(w -> new LoggedLockWait(w.startedAt(), w.timeText(), w.pid(), w.lock(),
                w.holders(), w.queue(), w.waitedMs(), w.outcome(), w.query(), "", 0)).collect(Collectors.toList());
    }
}
