package dev.dbrescue.mysql;

import dev.dbrescue.core.deadlock.EarlierStatements;
import dev.dbrescue.mysql.TransactionStatements.Boundary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionStatementsTest {

    private static final long S = TransactionStatements.PICOS_PER_SECOND;

    /** A thread's history built statement by statement; event ids and timers as the server would give them. */
    private static final class History {
        final List<HistoricStatement> rows = new ArrayList<>();
        long nextEvent = 10;
        long clock = 100 * S;

        /** A top-level statement (no transaction event around it) that took one second. */
        History top(String sql, int errno) {
            rows.add(new HistoricStatement(nextEvent, nextEvent + 3, sql, errno, null, null, clock, clock + S));
            nextEvent += 4;
            clock += 2 * S;
            return this;
        }

        History top(String sql) {
            return top(sql, 0);
        }

        /** A statement inside transaction event {@code transaction}. */
        History in(long transaction, String sql, int errno) {
            rows.add(new HistoricStatement(nextEvent, nextEvent + 3, sql, errno, transaction, "TRANSACTION", clock, clock + S));
            nextEvent += 4;
            clock += 2 * S;
            return this;
        }

        /** A statement during which a transaction event began: returns that event's id via {@link #lastTransaction}. */
        long lastTransaction;

        History begins(String sql) {
            lastTransaction = nextEvent + 1;
            return top(sql);
        }
    }

    @Test
    void victimIsTheStatementThatFailedWithTheDeadlockError() {
        History h = new History().top("BEGIN").top("UPDATE t SET a = 1 WHERE id = 2")
                .top("UPDATE t SET a = 1 WHERE id = 1", 1213).top("UPDATE t SET a = 1 WHERE id = 1");
        assertThat(TransactionStatements.anchor(h.rows, "UPDATE t SET a = 1 WHERE id = 1", true, null)).isEqualTo(2);
        assertThat(TransactionStatements.anchor(h.rows, "UPDATE t SET a = 1 WHERE id = 1", false, null))
                .as("without the victim mark: the latest").isEqualTo(3);
    }

    @Test
    void survivorIsTheLatestMatchStartedByTheDetection() {
        History h = new History().top("UPDATE t SET a = 1 WHERE id = 1").top("COMMIT").top("UPDATE t SET a = 1 WHERE id = 1");
        long detectedAt = h.rows.get(1).timerStart();
        assertThat(TransactionStatements.anchor(h.rows, "UPDATE  t SET a = 1\n WHERE id = 1", false, detectedAt)).isEqualTo(0);
        assertThat(TransactionStatements.anchor(h.rows, "UPDATE t SET a = 2", false, null)).isEqualTo(-1);
        assertThat(TransactionStatements.anchor(h.rows, null, false, null)).isEqualTo(-1);
    }

    @Test
    void detectionTimeIsWhenTheVictimsStatementFailed() {
        History h = new History().top("BEGIN").top("UPDATE t SET a = 1 WHERE id = 1", 1213);
        assertThat(TransactionStatements.detectedAt(h.rows, "UPDATE t SET a = 1 WHERE id = 1")).isEqualTo(h.rows.get(1).timerEnd());
        History noError = new History().top("UPDATE t SET a = 1 WHERE id = 1");
        assertThat(TransactionStatements.detectedAt(noError.rows, "UPDATE t SET a = 1 WHERE id = 1")).isNull();
    }

    @Test
    void byTransactionEventTakesTheStatementsOfThatTransactionFromTheOneThatBeganIt() {
        History h = new History().top("SELECT 1").begins("BEGIN");
        long trx = h.lastTransaction;
        h.in(trx, "UPDATE t SET a = 1 WHERE id = 2", 0).in(trx, "SELECT * FROM t WHERE id = 3", 0)
                .in(trx, "UPDATE t SET a = 1 WHERE id = 1", 1213).top("ROLLBACK");
        EarlierStatements e = TransactionStatements.earlier(h.rows, 4, true, null);
        assertThat(e.statements()).containsExactly("BEGIN", "UPDATE t SET a = 1 WHERE id = 2", "SELECT * FROM t WHERE id = 3");
        assertThat(e.complete()).isTrue();
    }

    @Test
    void implicitTransactionBeganByItsFirstUpdate() {
        History h = new History().top("SET autocommit = 0").begins("UPDATE t SET a = 1 WHERE id = 2");
        long trx = h.lastTransaction;
        h.in(trx, "UPDATE t SET a = 1 WHERE id = 1", 0);
        EarlierStatements e = TransactionStatements.earlier(h.rows, 2, true, null);
        assertThat(e.statements()).containsExactly("UPDATE t SET a = 1 WHERE id = 2");
        assertThat(e.complete()).isTrue();
    }

    @Test
    void statementOutsideAnyTransactionEventBeganItsOwn() {
        History h = new History().top("UPDATE t SET a = 1 WHERE id = 2").top("UPDATE t SET a = 1 WHERE id = 1", 1213);
        EarlierStatements e = TransactionStatements.earlier(h.rows, 1, true, null);
        assertThat(e.statements()).isEmpty();
        assertThat(e.complete()).as("autocommit: the deadlocked statement was the whole transaction").isTrue();
    }

    @Test
    void transactionWhoseBeginningLeftTheHistoryIsIncomplete() {
        History h = new History();
        long trx = 5; // began before the oldest statement kept
        h.in(trx, "UPDATE t SET a = 1 WHERE id = 2", 0).in(trx, "UPDATE t SET a = 1 WHERE id = 1", 0);
        EarlierStatements e = TransactionStatements.earlier(h.rows, 1, true, null);
        assertThat(e.statements()).containsExactly("UPDATE t SET a = 1 WHERE id = 2");
        assertThat(e.complete()).isFalse();
    }

    @Test
    void byBoundariesStopsAtBeginIncludingIt() {
        History h = new History().top("COMMIT").top("start transaction").top("UPDATE t SET a = 1 WHERE id = 2")
                .top("UPDATE t SET a = 1 WHERE id = 1", 1213);
        EarlierStatements e = TransactionStatements.earlier(h.rows, 3, false, null);
        assertThat(e.statements()).containsExactly("start transaction", "UPDATE t SET a = 1 WHERE id = 2");
        assertThat(e.complete()).isTrue();
    }

    @Test
    void byBoundariesAfterCommitMayHoldAutocommitStatementsSoIsNotComplete() {
        History h = new History().top("BEGIN").top("COMMIT").top("UPDATE t SET a = 1 WHERE id = 2")
                .top("UPDATE t SET a = 1 WHERE id = 1");
        EarlierStatements e = TransactionStatements.earlier(h.rows, 3, false, null);
        assertThat(e.statements()).containsExactly("UPDATE t SET a = 1 WHERE id = 2");
        assertThat(e.complete()).isFalse();
    }

    @Test
    void byBoundariesNeverReachesBeforeTheTransactionCanHaveBegun() {
        History h = new History().top("BEGIN").top("UPDATE t SET a = 1 WHERE id = 3").top("UPDATE t SET a = 1 WHERE id = 2")
                .top("UPDATE t SET a = 1 WHERE id = 1");
        // statements run [100, 101], [102, 103], [104, 105], [106, 107] s: a transaction that began at 104 s at the
        // earliest holds no statement that ended at 103 s
        EarlierStatements e = TransactionStatements.earlier(h.rows, 3, false, 104 * S);
        assertThat(e.statements()).containsExactly("UPDATE t SET a = 1 WHERE id = 2");
        assertThat(e.complete()).isFalse();
    }

    @Test
    void boundaries() {
        assertThat(TransactionStatements.boundary("BEGIN")).isEqualTo(Boundary.BEGINS);
        assertThat(TransactionStatements.boundary("/* app */ START TRANSACTION READ WRITE")).isEqualTo(Boundary.BEGINS);
        assertThat(TransactionStatements.boundary("XA START 'x'")).isEqualTo(Boundary.BEGINS);
        assertThat(TransactionStatements.boundary("BEGIN NOT ATOMIC SELECT 1; END")).as("a compound statement").isEqualTo(Boundary.NONE);
        assertThat(TransactionStatements.boundary("commit")).isEqualTo(Boundary.ENDS);
        assertThat(TransactionStatements.boundary("ROLLBACK")).isEqualTo(Boundary.ENDS);
        assertThat(TransactionStatements.boundary("ROLLBACK TO SAVEPOINT s1")).as("the transaction goes on").isEqualTo(Boundary.NONE);
        assertThat(TransactionStatements.boundary("ALTER TABLE t ADD COLUMN b INT")).as("implicit commit").isEqualTo(Boundary.ENDS);
        assertThat(TransactionStatements.boundary("SET autocommit=1")).isEqualTo(Boundary.ENDS);
        assertThat(TransactionStatements.boundary("SET autocommit = 0")).isEqualTo(Boundary.NONE);
        assertThat(TransactionStatements.boundary("UPDATE t SET a = 1")).isEqualTo(Boundary.NONE);
        assertThat(TransactionStatements.boundary(null)).isEqualTo(Boundary.NONE);
    }

    @Test
    void truncatedTextsMatchByPrefixOnlyWhenLong() {
        String longSql = "UPDATE t SET payload = '" + "x".repeat(100) + "' WHERE id = 1";
        assertThat(TransactionStatements.sameStatement(longSql.substring(0, 80), TransactionStatements.squeeze(longSql))).isTrue();
        assertThat(TransactionStatements.sameStatement(longSql.substring(0, 80) + "...", TransactionStatements.squeeze(longSql))).isTrue();
        assertThat(TransactionStatements.sameStatement("UPDATE t SET a = 1", "UPDATE t SET a = 1 WHERE id = 1")).isFalse();
        assertThat(TransactionStatements.sameStatement(null, "x")).isFalse();
    }
}
