package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockSink;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.ParseWarning;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.dbrescue.core.deadlock.innodb.InnoDbDeadlockParserConformanceTest.assertLock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layouts the public fixtures do not have: MySQL 8.0.18+ (every transaction with HOLDS and WAITING), N-way
 * cycles, tabular client output, error logs of MySQL 8 and MariaDB, truncated reports, and streaming.
 */
class InnoDbDeadlockParserTest {

    private static final String CAPTURED = "/fixtures/captured/mariadb-10.11/";

    @Test
    void mysql80TwoWayHasHoldsForEveryTransaction() {
        Parsed parsed = Parsed.resource("mysql-8.0-two-way.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.engine()).isEqualTo(Engine.MYSQL);
        assertThat(d.timeText()).isEqualTo("2026-03-14 09:26:22");
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2026-03-14T09:26:22Z"));
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("71120", "71121");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(41L, 40L);
        assertThat(d.transactions()).extracting(DeadlockTransaction::user).containsExactly("app2", "app1");
        assertThat(d.victimThreadId()).isEqualTo(40L);
        DeadlockTransaction a = d.transactions().get(0);
        DeadlockTransaction b = d.transactions().get(1);
        assertThat(a.query()).isEqualTo("UPDATE trees SET height=5 WHERE name='Oak'");
        assertLock(a.holds().get(0), "shop.flowers", "PRIMARY", "S", LockKind.RECORD);
        assertThat(a.holds().get(0).fields().get(0).decoded()).isEqualTo("Tulip");
        assertThat(a.holds().get(0).fields().get(3).decoded()).isEqualTo("33");
        assertLock(a.waitingFor(), "shop.trees", "PRIMARY", "X", LockKind.RECORD);
        assertThat(a.waitingFor().fields().get(0).decoded()).isEqualTo("Oak");
        assertLock(b.holds().get(0), "shop.trees", "PRIMARY", "S", LockKind.RECORD);
        assertLock(b.waitingFor(), "shop.flowers", "PRIMARY", "X", LockKind.RECORD);
        assertThat(b.waitingFor().object()).isEqualTo(a.holds().get(0).object());
    }

    @Test
    void mysql80ThreeWayCycle() {
        Parsed parsed = Parsed.resource("mysql-8.0-three-way.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("5101", "5102", "5103");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(31L, 32L, 33L);
        assertThat(d.victimThreadId()).isEqualTo(33L);
        assertThat(d.transactions()).extracting(t -> t.waitingFor().fields().get(0).decoded())
                .containsExactly("2", "3", "1");
        assertThat(d.transactions()).extracting(t -> t.holds().get(0).fields().get(0).decoded())
                .containsExactly("1", "2", "3");
        // (i) waits for what (i+1) holds, the last for what (1) holds
        for (int i = 0; i < 3; i++) {
            assertThat(d.transactions().get(i).waitingFor().object())
                    .isEqualTo(d.transactions().get((i + 1) % 3).holds().get(0).object());
        }
        assertThat(d.transactions().get(2).query()).isEqualTo("UPDATE accounts SET balance = balance - 9\n WHERE id = 1");
        assertThat(d.transactions().get(0).host()).isEqualTo("10.0.4.21");
        assertThat(d.transactions().get(0).user()).isEqualTo("app");
    }

    @Test
    void mysql8ErrorLogWithTwoDeadlocksAmongServerMessages() {
        Parsed parsed = Parsed.resource("mysql-8.0-error.log");
        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.deadlocks()).hasSize(2);
        Deadlock first = parsed.deadlocks().get(0);
        assertThat(first.line()).isEqualTo(5);
        assertThat(first.timeText()).isEqualTo("2024-03-05T09:14:27.518306Z");
        assertThat(first.detectedAt()).isEqualTo(Instant.parse("2024-03-05T09:14:27.518306Z"));
        assertThat(first.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("5101", "5102", "5103");
        assertThat(first.transactions()).allSatisfy(t -> {
            assertThat(t.holds()).hasSize(1);
            assertThat(t.waitingFor()).isNotNull();
        });
        assertThat(first.victimThreadId()).isEqualTo(33L);
        assertThat(first.transactions().get(0).query()).isEqualTo("UPDATE accounts SET balance = balance - 5 WHERE id = 2");

        Deadlock second = parsed.deadlocks().get(1);
        assertThat(second.detectedAt()).isEqualTo(Instant.parse("2024-03-05T09:21:03.772140Z"));
        assertThat(second.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(40L, 41L);
        assertThat(second.victimThreadId()).isEqualTo(41L);
        assertThat(second.transactions()).allSatisfy(t -> {
            assertLock(t.holds().get(0), "shop.orders", "idx_customer", "X", LockKind.NEXT_KEY);
            assertThat(t.holds().get(0).supremum()).isTrue();
            assertLock(t.waitingFor(), "shop.orders", "idx_customer", "X", LockKind.INSERT_INTENTION);
            assertThat(t.waitingFor().supremum()).isTrue();
        });
    }

    @Test
    void mysql57ErrorLogWithRawSectionsAndLocalOffset() {
        String log = """
                2019-04-02T10:00:00.000001+09:00 0 [Note] InnoDB: Buffer pool(s) load completed at 190402 10:00:00
                2019-04-02T11:22:33.445566+09:00 7 [Note] InnoDB: Transactions deadlock detected, dumping detailed information.
                2019-04-02T11:22:33.445601+09:00 7 [Note] InnoDB:\s
                *** (1) TRANSACTION:

                TRANSACTION 9001, ACTIVE 3 sec starting index read
                mysql tables in use 1, locked 1
                LOCK WAIT 2 lock struct(s), heap size 1136, 1 row lock(s)
                MySQL thread id 6, OS thread handle 140011, query id 50 localhost root updating
                update t set v = 1 where id = 2
                *** (1) WAITING FOR THIS LOCK TO BE GRANTED:
                RECORD LOCKS space id 30 page no 3 n bits 72 index PRIMARY of table `app`.`t` trx id 9001 lock_mode X locks rec but not gap waiting
                *** (2) TRANSACTION:
                TRANSACTION 9002, ACTIVE 5 sec starting index read
                mysql tables in use 1, locked 1
                3 lock struct(s), heap size 1136, 2 row lock(s)
                MySQL thread id 7, OS thread handle 140012, query id 51 localhost root updating
                update t set v = 2 where id = 1
                *** (2) HOLDS THE LOCK(S):
                RECORD LOCKS space id 30 page no 3 n bits 72 index PRIMARY of table `app`.`t` trx id 9002 lock_mode X locks rec but not gap
                *** (2) WAITING FOR THIS LOCK TO BE GRANTED:
                RECORD LOCKS space id 30 page no 3 n bits 72 index PRIMARY of table `app`.`t` trx id 9002 lock_mode X locks rec but not gap waiting
                *** WE ROLL BACK TRANSACTION (1)
                2019-04-02T11:23:00.000000+09:00 8 [Note] Aborted connection 8 to db: 'app'
                """;
        Parsed parsed = Parsed.text(log);
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2019-04-02T02:22:33.445566Z"));
        assertThat(d.timeText()).isEqualTo("2019-04-02T11:22:33.445566+09:00");
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("9001", "9002");
        assertThat(d.victimThreadId()).isEqualTo(6L);
        assertThat(d.transactions().get(0).holds()).isEmpty();
        assertLock(d.transactions().get(1).holds().get(0), "app.t", "PRIMARY", "X", LockKind.RECORD);
    }

    @Test
    void mysql56ErrorLogWithHexThreadAndHexTransactionIds() {
        String log = """
                2014-08-24 01:00:00 7f55ea639700 InnoDB: Buffer pool(s) load completed at 140824  1:00:00
                2014-08-24 01:01:24 7f55ea639700InnoDB: transactions deadlock detected, dumping detailed information.
                2014-08-24 01:01:24 7f55ea639700
                *** (1) TRANSACTION:
                TRANSACTION 110E, ACTIVE 73 sec starting index read
                mysql tables in use 1, locked 1
                LOCK WAIT 3 lock struct(s), heap size 376, 2 row lock(s)
                MySQL thread id 1, OS thread handle 0x7f55ea639700, query id 81 localhost root updating
                delete from t1 where a=1
                *** (1) WAITING FOR THIS LOCK TO BE GRANTED:
                RECORD LOCKS space id 12 page no 3 n bits 72 index `PRIMARY` of table `test`.`t1` trx id 110E lock_mode X locks rec but not gap waiting
                *** (2) TRANSACTION:
                TRANSACTION 110C, ACTIVE 1716 sec starting index read, thread declared inside InnoDB 500
                mysql tables in use 1, locked 1
                3 lock struct(s), heap size 376, 2 row lock(s), undo log entries 1
                MySQL thread id 2, OS thread handle 0x7f563c05e700, query id 82 localhost root updating
                delete from t1 where a=3
                *** (2) HOLDS THE LOCK(S):
                RECORD LOCKS space id 12 page no 3 n bits 72 index `PRIMARY` of table `test`.`t1` trx id 110C lock_mode X locks rec but not gap
                *** (2) WAITING FOR THIS LOCK TO BE GRANTED:
                RECORD LOCKS space id 12 page no 3 n bits 72 index `PRIMARY` of table `test`.`t1` trx id 110C lock_mode X locks rec but not gap waiting
                *** WE ROLL BACK TRANSACTION (1)
                2014-08-24 01:05:00 7f55ea639700 InnoDB: some later message
                """;
        Parsed parsed = Parsed.text(log);
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.timeText()).isEqualTo("2014-08-24 01:01:24");
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("110E", "110C");
        assertThat(d.transactions()).extracting(DeadlockTransaction::state)
                .containsExactly("starting index read", "starting index read");
        assertThat(d.victimThreadId()).isEqualTo(1L);
        assertThat(d.transactions().get(1).holds()).hasSize(1);
    }

    /**
     * Captured from MariaDB 10.11.5 (see fixtures/captured/mariadb-10.11/innodb-parser-README.md): five deadlocks,
     * and for each the session that got error 1213 is the victim found.
     */
    @Test
    void mariaDbErrorLogCapturedFrom1011() {
        Parsed parsed = Parsed.resource(CAPTURED + "innodb-parser-error.log");
        assertThat(parsed.deadlocks()).hasSize(5);
        assertThat(parsed.deadlocks()).extracting(Deadlock::engine).containsOnly(Engine.MARIADB);
        assertThat(parsed.deadlocks()).extracting(Deadlock::victimThreadId).containsExactly(6L, 8L, 10L, 12L, 16L);
        assertThat(parsed.deadlocks()).extracting(Deadlock::timeText).containsExactly("2026-11-21 12:52:36",
                "2026-11-21 12:52:38", "2026-11-21 12:52:40", "2026-11-21 12:52:43", "2026-11-21 12:52:49");

        Deadlock lockOrder = parsed.deadlocks().get(0);
        assertThat(lockOrder.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("36", "35");
        assertThat(lockOrder.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(6L, 5L);
        assertThat(lockOrder.transactions()).extracting(DeadlockTransaction::host).containsOnly("localhost");
        assertThat(lockOrder.transactions().get(0).query())
                .isEqualTo("UPDATE test.accounts SET balance = balance + 20 WHERE id = 1");
        // CONFLICTING WITH: what (1) waits for is held by trx 35, i.e. (2)
        assertThat(lockOrder.transactions().get(1).holds()).extracting(DeadlockLock::object)
                .containsExactly(lockOrder.transactions().get(0).waitingFor().object());
        assertThat(lockOrder.transactions().get(0).waitingFor().fields().get(0).decoded()).isEqualTo("1");

        Deadlock gapInsert = parsed.deadlocks().get(1);
        assertThat(gapInsert.transactions()).allSatisfy(t -> {
            assertLock(t.waitingFor(), "test.orders", "idx_customer", "X", LockKind.INSERT_INTENTION);
            assertLock(t.holds().get(0), "test.orders", "idx_customer", "X", LockKind.GAP);
            assertThat(t.waitingFor().fields()).extracting(f -> f.decoded()).containsExactly("30", "3");
        });

        Deadlock upgrade = parsed.deadlocks().get(2);
        assertThat(upgrade.transactions()).allSatisfy(t -> {
            assertLock(t.waitingFor(), "test.accounts", "PRIMARY", "X", LockKind.RECORD);
            assertLock(t.holds().get(0), "test.accounts", "PRIMARY", "S", LockKind.RECORD);
        });

        // unique lightest transaction: MariaDB prints the right number
        Deadlock lightest = parsed.deadlocks().get(3);
        assertThat(lightest.transactions()).extracting(DeadlockTransaction::undoEntries).containsExactly(7L, 1L, 7L);
        assertThat(lightest.transactions()).extracting(DeadlockTransaction::victim).containsExactly(false, true, false);

        // a tie: MariaDB printed (1) but rolled back (3), the session that ran into the deadlock
        Deadlock tie = parsed.deadlocks().get(4);
        assertThat(tie.transactions()).hasSize(3);
        assertThat(tie.transactions()).extracting(DeadlockTransaction::victim).containsExactly(false, false, true);
        assertThat(parsed.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(362);
            assertThat(w.text()).contains("MDEV-37977").contains("(1)").contains("(3)");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"innodb-parser-status-vertical.txt", "innodb-parser-status-batch.txt",
        "innodb-parser-status-table.txt"})
    void mariaDbStatusAsEveryClientPrintsIt(String file) {
        Parsed parsed = Parsed.resource(CAPTURED + file);
        Deadlock d = parsed.only();
        assertThat(d.engine()).isEqualTo(Engine.MARIADB);
        assertThat(d.timeText()).isEqualTo("2026-11-21 12:52:48");
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("52", "53", "54");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(14L, 15L, 16L);
        // the heading's thread handle 0x7facfc0bb6c0 is thread 16's: it ran into the deadlock and was rolled back
        assertThat(d.victimThreadId()).isEqualTo(16L);
        assertThat(d.transactions()).allSatisfy(t -> assertThat(t.holds()).hasSize(1));
        assertThat(parsed.warnings()).singleElement().satisfies(w -> assertThat(w.text()).contains("MDEV-37977"));
    }

    /** {@code mysql -t} style borders around an escaped Status cell, in the 8.0.18+ layout. */
    @Test
    void borderedTableWithEscapedNewlines() {
        String status = Parsed.resourceText("mysql-8.0-two-way.txt");
        String body = status.substring(status.indexOf("------------------------\nLATEST"));
        String table = "+--------+------+--------+\n| Type   | Name | Status |\n+--------+------+--------+\n"
                + "| InnoDB |      | \\n=====================================\\n2022-11-25 15:58:30 139815661168384"
                + " INNODB MONITOR OUTPUT\\n=====================================\\n"
                + body.replace("\\", "\\\\").replace("\n", "\\n") + " |\n+--------+------+--------+\n";
        assertThat(table.lines().count()).isEqualTo(5);
        Parsed parsed = Parsed.text(table);
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.line()).isEqualTo(4);
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("71120", "71121");
        assertThat(d.victimThreadId()).isEqualTo(40L);
        assertThat(d.transactions().get(1).holds()).hasSize(1);
    }

    @Test
    void truncatedReportGivesWhatWasReadAndAWarningWithItsLine() {
        String status = Parsed.resourceText("mysql-8.0-two-way.txt");
        List<String> lines = status.lines().toList();
        // cut in the middle of (2)'s HOLDS record dump, as a pasted excerpt or a lost tail would be
        String cut = String.join("\n", lines.subList(0, 40)) + "\n";
        assertThat(lines.get(39)).startsWith(" 1: len 6");
        Parsed parsed = Parsed.text(cut);
        Deadlock d = parsed.only();
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("71120", "71121");
        assertThat(d.transactions().get(0).waitingFor()).isNotNull();
        assertThat(d.transactions().get(1).holds()).hasSize(1);
        assertThat(d.transactions().get(1).waitingFor()).isNull();
        assertThat(d.victimThreadId()).isNull();
        assertThat(parsed.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(40);
            assertThat(w.text()).contains("incomplete").contains("line 3");
        });
    }

    @Test
    void aReportCutByTheNextStatusSectionAndGarbageLinesInside() {
        String text = """
                ------------------------
                LATEST DETECTED DEADLOCK
                ------------------------
                2024-01-01 10:00:00 0x7f00
                *** (1) TRANSACTION:
                TRANSACTION 10, ACTIVE 1 sec starting index read
                this line is not InnoDB's
                MySQL thread id 3, OS thread handle 1, query id 9 localhost root updating
                update t set a = 1
                *** (1) WAITING FOR THIS LOCK TO BE GRANTED:
                RECORD LOCKS space id 1 page no 3 n bits 8 index PRIMARY of table `d`.`t` trx id 10 lock_mode X waiting
                neither is this one
                ------------
                TRANSACTIONS
                ------------
                """;
        Parsed parsed = Parsed.text(text);
        Deadlock d = parsed.only();
        assertThat(d.transactions()).singleElement().satisfies(t -> {
            assertThat(t.threadId()).isEqualTo(3L);
            assertLock(t.waitingFor(), "d.t", "PRIMARY", "X", LockKind.NEXT_KEY);
        });
        assertThat(parsed.warnings()).extracting(ParseWarning::line).containsExactly(7L, 12L, 13L);
        assertThat(parsed.warnings().get(2).text()).contains("incomplete");
    }

    /** MariaDB 10.6.0 to 10.6.8 print the victim as (0) (MDEV-29187): named from the weights, or left unknown. */
    @Test
    void mariaDbVictimZeroInAnErrorLog() {
        String log = Parsed.resourceText(CAPTURED + "innodb-parser-error.log");
        String first = log.substring(0, log.indexOf("2026-11-21 12:52:38 8 [Note] InnoDB: Transactions deadlock"));
        Parsed named = Parsed.text(first.replace("WE ROLL BACK TRANSACTION (1)", "WE ROLL BACK TRANSACTION (0)"));
        assertThat(named.warnings()).isEmpty();
        // equal weights: the transaction that ran into the deadlock (thread 6, the log line's thread) is rolled back
        assertThat(named.only().victimThreadId()).isEqualTo(6L);

        Parsed unknown = Parsed.text(first.replace("WE ROLL BACK TRANSACTION (1)", "WE ROLL BACK TRANSACTION (0)")
                .replaceAll("LOCK WAIT 3 lock struct\\(s\\), heap size 1128, 2 row lock\\(s\\), undo log entries 1\n",
                        ""));
        assertThat(unknown.only().victimThreadId()).isNull();
        assertThat(unknown.only().transactions()).noneMatch(DeadlockTransaction::victim);
        assertThat(unknown.warnings()).singleElement()
                .satisfies(w -> assertThat(w.text()).contains("MDEV-29187").contains("(0)"));
    }

    /** Found by fuzzing: damaged numbers and numbering are warnings or nothing, and the report is still read. */
    @Test
    void damagedNumbersNeverBreakTheReport() {
        String text = Parsed.resourceText("mysql-8.0-three-way.txt")
                .replace(" 3: len 4; hex 8000005f; asc    _;;", " 3: len f; hex 8000005f; asc    _;;")
                .replace("Record lock, heap no 3 ", "Record lock, heap no 99999999999999999999 ")
                .replace("mysql tables in use 1, locked 1\nLOCK WAIT 3 lock struct(s), heap size 1128, 2 row lock(s),"
                        + " undo log entries 1\nMySQL thread id 32", "mysql tables in use 99999999999, locked 1\nMySQL"
                        + " thread id 32")
                .replace("*** WE ROLL BACK TRANSACTION (3)", "*** (0) TRANSACTION:\n*** WE ROLL BACK TRANSACTION (3)");
        Parsed parsed = Parsed.text(text);
        assertThat(parsed.warnings()).extracting(ParseWarning::text).noneMatch(t -> t.startsWith("could not read"));
        assertThat(parsed.deadlocks()).isNotEmpty();
        Deadlock d = parsed.deadlocks().get(0);
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).startsWith("5101", "5102", "5103");
        assertThat(d.transactions().get(1).tablesInUse()).isNull();
        assertThat(Numbers.toLong("99999999999999999999")).isNull();
        assertThat(Numbers.toLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Numbers.toLong("12a")).isNull();
    }

    @Test
    void recognizesStatusOutputsAndErrorLogsButNotPostgres() {
        assertThat(InnoDbDeadlockParser.recognizes(Parsed.resourceText("mysql-8.0-error.log"))).isTrue();
        assertThat(InnoDbDeadlockParser.recognizes(Parsed.resourceText(CAPTURED + "innodb-parser-error.log")))
                .isTrue();
        assertThat(InnoDbDeadlockParser.recognizes(Parsed.resourceText(CAPTURED + "innodb-parser-status-batch.txt")))
                .isTrue();
        assertThat(InnoDbDeadlockParser.recognizes(
                "2024-05-01 10:00:00.123 UTC [4242] ERROR:  deadlock detected\n"
                        + "2024-05-01 10:00:00.123 UTC [4242] DETAIL:  Process 4242 waits for ShareLock on"
                        + " transaction 901; blocked by process 4243.\n")).isFalse();
    }

    @Test
    void aLineWithoutEndIsCutNotKeptWhole() {
        Reader endless = new GeneratedReader(InnoDbDeadlockParser.MAX_LINE_CHARS + 1_000_000L, i -> 'x');
        Parsed parsed = Parsed.read(endless, "endless");
        assertThat(parsed.deadlocks()).isEmpty();
        assertThat(parsed.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(1);
            assertThat(w.text()).contains("longer than");
        });
    }

    /**
     * Streaming: a 1,000-fold repetition of the captured MariaDB log (18 MB) gives its deadlocks one by one while it
     * is read; the first arrives when less than 100 KB of the input has been consumed.
     */
    @Test
    void deadlocksArriveWhileTheInputIsStillBeingRead() throws IOException {
        String log = Parsed.resourceText(CAPTURED + "innodb-parser-error.log");
        int copies = 1000;
        GeneratedReader input = new GeneratedReader((long) log.length() * copies, i -> log.charAt((int) (i % log.length())));
        AtomicLong readWhenFirst = new AtomicLong(-1);
        List<Long> victims = new ArrayList<>();
        int[] warnings = {0};
        new InnoDbDeadlockParser().parse(input, "repeated", new DeadlockSink() {
            @Override
            public void deadlock(Deadlock deadlock) {
                if (readWhenFirst.get() < 0) {
                    readWhenFirst.set(input.served());
                }
                victims.add(deadlock.victimThreadId());
            }

            @Override
            public void warning(ParseWarning warning) {
                warnings[0]++;
            }
        });
        assertThat(victims).hasSize(5 * copies);
        assertThat(victims.subList(5, 10)).containsExactly(6L, 8L, 10L, 12L, 16L);
        assertThat(warnings[0]).isEqualTo(copies);
        assertThat(readWhenFirst.get()).isBetween(1L, 100_000L);
    }

    /** A reader that makes its characters up as they are asked for, so tests need no big strings. */
    static final class GeneratedReader extends Reader {
        interface CharAt {
            char at(long index);
        }

        private final long length;
        private final CharAt chars;
        private long served;

        GeneratedReader(long length, CharAt chars) {
            this.length = length;
            this.chars = chars;
        }

        long served() {
            return served;
        }

        @Override
        public int read(char[] buffer, int offset, int count) {
            if (served >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - served);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = chars.at(served + i);
            }
            served += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
