package dev.dbrescue.core.deadlock.innodb;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deadlock in the public fixtures (../../shared/fixtures/public/mysql, see PROVENANCE.md there) parses with
 * the right transaction ids, thread ids, tables, indexes, modes, kinds, victim and time. Runs only where that folder
 * exists (the public-fixtures profile of dbrescue-core/pom.xml).
 */
class InnoDbDeadlockParserConformanceTest {

    private static final Path MYSQL = Path.of("../../shared/fixtures/public/mysql");

    private static Parsed fixture(String name) {
        Path file = MYSQL.resolve(name);
        assertThat(file).as("public fixture (run from dbrescue-core with ../../shared present)").exists();
        return Parsed.file(file);
    }

    @Test
    void bug903443TwoTransactionsWithRecordDumps() {
        Parsed parsed = fixture("percona-toolkit__t__pt-deadlock-logger__samples__bug_903443.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.engine()).isEqualTo(Engine.MYSQL);
        assertThat(d.timeText()).isEqualTo("111212 22:52:42");
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2011-12-12T22:52:42Z"));
        assertThat(d.line()).isEqualTo(6);
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("3405", "3404");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(19L, 18L);
        assertThat(d.victimThreadId()).isEqualTo(18L);
        assertThat(d.transactions()).extracting(DeadlockTransaction::victim).containsExactly(false, true);

        DeadlockTransaction first = d.transactions().get(0);
        assertThat(first.user()).isEqualTo("root");
        assertThat(first.host()).isEqualTo("localhost");
        assertThat(first.state()).isEqualTo("starting index read");
        assertThat(first.activeSeconds()).isEqualTo(161.0);
        assertThat(first.tablesInUse()).isEqualTo(1);
        assertThat(first.tablesLocked()).isEqualTo(1);
        assertThat(first.lockStructs()).isEqualTo(3L);
        assertThat(first.rowLocks()).isEqualTo(3L);
        assertThat(first.undoEntries()).isEqualTo(2L);
        assertThat(first.query()).isEqualTo("update a set movie_id=96 where id =2");
        assertThat(first.holds()).isEmpty();
        DeadlockLock wanted = first.waitingFor();
        assertLock(wanted, "test.a", "PRIMARY", "X", LockKind.RECORD);
        assertThat(wanted.object()).isEqualTo("space id 0 page no 307 heap no 3");
        assertThat(wanted.supremum()).isFalse();
        assertThat(wanted.fields()).hasSize(6);
        assertThat(wanted.fields().get(0).decoded()).isEqualTo("2");
        assertThat(wanted.fields().get(1).decoded()).as("DB_TRX_ID").isNull();
        assertThat(wanted.fields().get(2).decoded()).as("DB_ROLL_PTR").isNull();
        assertThat(wanted.fields().get(3).decoded()).isEqualTo("99");

        DeadlockTransaction second = d.transactions().get(1);
        assertThat(second.query()).isEqualTo("update a set movie_id=98 where id =4");
        assertThat(second.holds()).hasSize(1);
        assertLock(second.holds().get(0), "test.a", "PRIMARY", "X", LockKind.RECORD);
        assertThat(second.holds().get(0).object()).isEqualTo(wanted.object());
        assertLock(second.waitingFor(), "test.a", "PRIMARY", "X", LockKind.RECORD);
        assertThat(second.waitingFor().fields().get(0).decoded()).isEqualTo("4");
    }

    @Test
    void bug1082104UserNameWithDash() {
        Parsed parsed = fixture("percona-toolkit__t__pt-deadlock-logger__samples__bug_1082104.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.transactions()).extracting(DeadlockTransaction::user).containsExactly("ro-ot", "ro-ot");
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("3405", "3404");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(19L, 18L);
        assertThat(d.victimThreadId()).isEqualTo(18L);
    }

    /**
     * TOO DEEP: InnoDB gave up the search and rolls back "FOLLOWING TRANSACTION", the only one it prints; so that one
     * is the victim, and the cycle is unknown (tooDeep).
     */
    @Test
    void bug1195034TooDeepWithAutoIncTableLock() {
        Parsed parsed = fixture("percona-toolkit__t__pt-deadlock-logger__samples__bug_1195034.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.tooDeep()).isTrue();
        assertThat(d.timeText()).isEqualTo("130624 17:39:24");
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2013-06-24T17:39:24Z"));
        DeadlockTransaction t = d.transactions().get(0);
        assertThat(d.transactions()).hasSize(1);
        assertThat(t.trxId()).isEqualTo("3BF88F886");
        assertThat(t.threadId()).isEqualTo(23512694L);
        assertThat(t.state()).isEqualTo("setting auto-inc lock");
        assertThat(t.host()).isEqualTo("10.10.10.1");
        assertThat(t.query()).startsWith("INSERT INTO gr_v3_response_log (query_key,");
        assertLock(t.waitingFor(), "db.gr_v3_response_log", null, "AUTO-INC", LockKind.TABLE);
        assertThat(d.victimThreadId()).isEqualTo(23512694L);
    }

    @Test
    void is001MySql50TwoPartIdsAndSlashTables() {
        Parsed parsed = fixture("percona-toolkit__t__pt-fk-error-logger__samples__is001.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2007-09-13T11:14:21Z"));
        // "TRANSACTION 0 3793488": high * 2^32 + low
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("3793488", "3793489");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(11L, 12L);
        assertThat(d.transactions()).extracting(DeadlockTransaction::user).containsExactly("baron", "baron");
        assertThat(d.victimThreadId()).isEqualTo(12L);
        DeadlockTransaction first = d.transactions().get(0);
        assertThat(first.state()).isEqualTo("starting index read");
        assertThat(first.lockStructs()).isEqualTo(4L);
        assertThat(first.rowLocks()).isNull();
        assertLock(first.waitingFor(), "test.innotop_dl", "GEN_CLUST_INDEX", "X", LockKind.NEXT_KEY);
        // 5.0 prints all fields on one line: row id, trx id, roll pointer, then column a = 0
        assertThat(first.waitingFor().fields()).extracting(f -> f.length()).containsExactly(6, 6, 7, 4);
        assertThat(first.waitingFor().fields().get(3).decoded()).isEqualTo("0");
        DeadlockTransaction second = d.transactions().get(1);
        assertThat(second.state()).isEqualTo("starting index read");
        assertThat(second.holds()).hasSize(3);
        assertThat(second.holds()).allSatisfy(l -> assertLock(l, "test.innotop_dl", "GEN_CLUST_INDEX", "S",
                LockKind.NEXT_KEY));
        assertThat(second.holds()).extracting(DeadlockLock::supremum).containsExactly(true, false, false);
        assertThat(second.holds().get(2).fields().get(3).decoded()).isEqualTo("1");
        assertLock(second.waitingFor(), "test.innotop_dl", "GEN_CLUST_INDEX", "X", LockKind.NEXT_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"percona-toolkit__src__go__pt-secure-collect__testdata__2018_03_05_13_24_55-innodbstatus1",
        "percona-toolkit__src__go__pt-secure-collect__testdata__2018_03_05_13_34_55-innodbstatus2"})
    void perconaServerAnsiQuotedIdentifiers(String name) {
        Parsed parsed = fixture(name);
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.engine()).isEqualTo(Engine.MYSQL);
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2018-02-27T14:45:46Z"));
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("55984EF58", "55984EF59");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(29247292L, 29247291L);
        assertThat(d.transactions()).extracting(DeadlockTransaction::host)
                .containsOnly("bm-dell05-publicwww01.bm.int.percona.com");
        assertThat(d.transactions()).extracting(DeadlockTransaction::user).containsOnly("root");
        assertThat(d.victimThreadId()).isEqualTo(29247291L);
        String table = "percona_com_redesign2015.semaphore";
        assertLock(d.transactions().get(0).waitingFor(), table, "PRIMARY", "X", LockKind.RECORD);
        assertLock(d.transactions().get(1).holds().get(0), table, "PRIMARY", "S", LockKind.RECORD);
        assertLock(d.transactions().get(1).waitingFor(), table, "PRIMARY", "X", LockKind.RECORD);
        assertThat(d.transactions().get(1).query()).startsWith("INSERT INTO semaphore (name, value, expire)");
    }

    @Test
    void innotop004InsertIntentionOnTheSupremum() {
        Parsed parsed = fixture("innotop__t__innodb-status-004");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2011-12-26T14:48:08Z"));
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("6FE138", "6FE12E");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(424565L, 424568L);
        assertThat(d.victimThreadId()).isEqualTo(424568L);
        DeadlockLock wanted = d.transactions().get(0).waitingFor();
        assertLock(wanted, "<anonymized>.cache_menu", "PRIMARY", "X", LockKind.INSERT_INTENTION);
        assertThat(wanted.supremum()).isTrue();
        assertThat(wanted.fields()).isEmpty();
        DeadlockLock held = d.transactions().get(1).holds().get(0);
        assertLock(held, "<anonymized>.cache_menu", "PRIMARY", "X", LockKind.NEXT_KEY);
        assertThat(held.supremum()).isTrue();
        assertLock(d.transactions().get(1).waitingFor(), "<anonymized>.cache_menu", "PRIMARY", "X",
                LockKind.INSERT_INTENTION);
    }

    @Test
    void innotop007BigTransactionsWithoutRecordDumps() {
        Parsed parsed = fixture("innotop__t__innodb-status-007");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.timeText()).isEqualTo("120906  6:03:32");
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2012-09-06T06:03:32Z"));
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("AFB88BCF", "AFB889B6");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(384855L, 383438L);
        assertThat(d.victimThreadId()).isEqualTo(384855L);
        DeadlockTransaction second = d.transactions().get(1);
        assertThat(second.rowLocks()).isEqualTo(1264011L);
        assertThat(second.tablesInUse()).isEqualTo(15);
        assertThat(second.state()).isEqualTo("fetching rows");
        assertThat(d.transactions().get(0).host()).isEqualTo("10.8.0.86");
        assertThat(d.transactions().get(0).user()).isEqualTo("robot");
        assertLock(d.transactions().get(0).waitingFor(), "foo.foo", "PRIMARY", "X", LockKind.RECORD);
        assertLock(second.holds().get(0), "foo.foo", "PRIMARY", "S", LockKind.NEXT_KEY);
        assertLock(second.waitingFor(), "foo.foo", "PRIMARY", "S", LockKind.NEXT_KEY);
        assertThat(second.waitingFor().object()).isEqualTo("space id 3367223 page no 7113");
    }

    /**
     * MariaDB 10.7.3: CONFLICTING WITH sections, un-numbered WAITING, and the victim printed as (0) (MDEV-29187).
     * The TRANSACTIONS section that follows still lists 76 but not 77: 77 (thread 16) was rolled back, which is also
     * what the bug report's session saw (its "update t1 set f1 = 5 where id = 1" got error 1213).
     */
    @Test
    void mariaDbVictimPrintedAsZeroIsNamedFromTheTransactionsSection() {
        Parsed parsed = fixture(
                "ReplBug__data__results__MDEV-29187-READ_UNCOMMITTED_result.md__innodb_status_mariadb-10.7.3.txt");
        assertThat(parsed.warnings()).isEmpty();
        Deadlock d = parsed.only();
        assertThat(d.engine()).isEqualTo(Engine.MARIADB);
        assertThat(d.timeText()).isEqualTo("2024-07-22 15:13:37");
        assertThat(d.detectedAt()).isEqualTo(Instant.parse("2024-07-22T15:13:37Z"));
        assertThat(d.transactions()).extracting(DeadlockTransaction::trxId).containsExactly("77", "76");
        assertThat(d.transactions()).extracting(DeadlockTransaction::threadId).containsExactly(16L, 15L);
        assertThat(d.victimThreadId()).isEqualTo(16L);
        assertThat(d.transactions()).extracting(DeadlockTransaction::victim).containsExactly(true, false);
        DeadlockTransaction first = d.transactions().get(0);
        assertLock(first.waitingFor(), "testdb.t1", "PRIMARY", "X", LockKind.RECORD);
        assertThat(first.waitingFor().fields().get(0).decoded()).isEqualTo("1");
        // what (1) waits for conflicts with trx 76's lock: held by (2); and the other way round
        assertThat(d.transactions().get(1).holds()).singleElement()
                .satisfies(l -> assertThat(l.object()).isEqualTo(first.waitingFor().object()));
        assertThat(first.holds()).singleElement()
                .satisfies(l -> assertThat(l.object()).isEqualTo(d.transactions().get(1).waitingFor().object()));
        assertThat(first.holds().get(0).fields().get(0).decoded()).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "percona-toolkit__t__pt-mysql-summary__samples__innodb-status.002.txt",
        "percona-toolkit__t__pt-mysql-summary__samples__innodb-status.004.txt",
        "percona-toolkit__t__pt-mysql-summary__samples__temp002__innodb-status",
        "percona-toolkit__t__pt-mysql-summary__samples__temp003__innodb-status",
        "percona-toolkit__t__pt-mysql-summary__samples__temp006__innodb-status",
        "percona-toolkit__t__pt-mysql-summary__samples__temp_enc008__innodb-status",
        "percona-toolkit__t__pt-mysql-summary__samples__temp_enc009__innodb-status",
        "percona-toolkit__t__lib__samples__is001.txt",
        "innotop__t__innodb-status-008", "innotop__t__innodb-status-009", "innotop__t__innodb-status-010",
        "innotop__t__innodb-status-011", "innotop__t__innodb-status-012"})
    void statusWithoutDeadlockGivesNothing(String name) throws IOException {
        Parsed parsed = fixture(name);
        assertThat(parsed.deadlocks()).isEmpty();
        assertThat(parsed.warnings()).isEmpty();
        assertThat(InnoDbDeadlockParser.recognizes(Files.readString(MYSQL.resolve(name), StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void everyPublicMySqlFixtureParsesWithoutException() throws IOException {
        try (Stream<Path> files = Files.list(MYSQL)) {
            List<Path> all = files.sorted().toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(20);
            int deadlocks = 0;
            for (Path file : all) {
                Parsed parsed = Parsed.file(file);
                assertThat(parsed.warnings()).as(file.getFileName().toString()).isEmpty();
                deadlocks += parsed.deadlocks().size();
            }
            assertThat(deadlocks).isEqualTo(9);
        }
    }

    /** pt-stalk keeps one status per sample: the same LATEST DETECTED DEADLOCK read twice is one deadlock. */
    @Test
    void repeatedStatusSamplesGiveTheDeadlockOnce() throws IOException {
        String both = Files.readString(MYSQL.resolve(
                "percona-toolkit__src__go__pt-secure-collect__testdata__2018_03_05_13_24_55-innodbstatus1"))
                + Files.readString(MYSQL.resolve(
                "percona-toolkit__src__go__pt-secure-collect__testdata__2018_03_05_13_34_55-innodbstatus2"));
        Parsed parsed = Parsed.read(new StringReader(both), "pt-stalk");
        assertThat(parsed.deadlocks()).hasSize(1);
        assertThat(parsed.warnings()).isEmpty();
    }

    static void assertLock(DeadlockLock lock, String table, String index, String mode, LockKind kind) {
        assertThat(lock).isNotNull();
        assertThat(lock.table()).isEqualTo(table);
        assertThat(lock.index()).isEqualTo(index);
        assertThat(lock.mode()).isEqualTo(mode);
        assertThat(lock.kind()).isEqualTo(kind);
    }
}
