package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.analysis.finding.Durations;
import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.render.DeadlockFormat;
import dev.dbrescue.core.deadlock.render.DeadlockWriter;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlockAnalysisTest {

    static DeadlockLock rec(String mode, LockKind kind, String object) {
        return new DeadlockLock("shop.t", "PRIMARY", mode, kind, false, object, List.of());
    }

    static DeadlockTransaction trx(String id, long thread, String query, long undo, List<DeadlockLock> holds, DeadlockLock waits, boolean victim) {
        return new DeadlockTransaction(id, thread, "app", "10.0.0.1", "updating", 3.0, 1, 1, 3L, 2L, undo, query, holds, waits, victim);
    }

    static Deadlock deadlock(DeadlockTransaction... trx) {
        return new Deadlock(Engine.MARIADB, null, "2026-11-21 12:00:00", trx[trx.length - 1].threadId(), List.of(trx), false, "x.log", 10);
    }

    @Test
    void opposingRowOrderIsLockOrder() {
        var d = deadlock(
                trx("10", 1, "UPDATE t SET v = 1 WHERE id = 2", 1, List.of(rec("X", LockKind.RECORD, "page 3 heap 2")), rec("X", LockKind.RECORD, "page 3 heap 3"), false),
                trx("11", 2, "UPDATE t SET v = 1 WHERE id = 1", 1, List.of(rec("X", LockKind.RECORD, "page 3 heap 3")), rec("X", LockKind.RECORD, "page 3 heap 2"), true));
        AnalyzedDeadlock a = AnalyzedDeadlock.of(d);
        assertThat(a.pattern()).isEqualTo(DeadlockPattern.LOCK_ORDER);
        assertThat(a.edges()).extracting(WaitEdge::waiter, WaitEdge::holder, WaitEdge::inferred)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1, false), org.assertj.core.groups.Tuple.tuple(1, 0, false));
    }

    @Test
    void sharedUpgradeAndItsForeignKeyVariant() {
        DeadlockLock s = rec("S", LockKind.RECORD, "page 3 heap 2");
        DeadlockLock x = rec("X", LockKind.RECORD, "page 3 heap 2");
        var locking = deadlock(trx("10", 1, "UPDATE p SET n = 'a' WHERE id = 1", 0, List.of(s), x, false),
                trx("11", 2, "UPDATE p SET n = 'b' WHERE id = 1", 0, List.of(s), x, true));
        assertThat(DeadlockClassifier.classify(locking)).isEqualTo(DeadlockPattern.SHARED_TO_EXCLUSIVE);
        var foreignKey = deadlock(trx("10", 1, "UPDATE users SET c = c + 1 WHERE id = 1", 1, List.of(s), x, false),
                trx("11", 2, "UPDATE users SET c = c + 1 WHERE id = 1", 1, List.of(s), x, true));
        assertThat(DeadlockClassifier.classify(foreignKey)).isEqualTo(DeadlockPattern.FOREIGN_KEY);
    }

    @Test
    void insertIntentionIsGapInsertAndTableLocksWin() {
        var gap = deadlock(trx("1", 1, "INSERT INTO t VALUES (15)", 0, List.of(rec("X", LockKind.GAP, "heap 4")), rec("X", LockKind.INSERT_INTENTION, "heap 4"), false),
                trx("2", 2, "INSERT INTO t VALUES (16)", 0, List.of(rec("X", LockKind.GAP, "heap 4")), rec("X", LockKind.INSERT_INTENTION, "heap 4"), true));
        assertThat(DeadlockClassifier.classify(gap)).isEqualTo(DeadlockPattern.GAP_INSERT);
        DeadlockLock autoinc = new DeadlockLock("shop.t", null, "AUTO-INC", LockKind.TABLE, false, null, List.of());
        var table = deadlock(trx("1", 1, "INSERT INTO t SELECT ...", 0, List.of(), autoinc, false),
                trx("2", 2, "INSERT INTO t VALUES (1)", 0, List.of(autoinc), rec("S", LockKind.NEXT_KEY, "heap 9"), true));
        assertThat(DeadlockClassifier.classify(table)).isEqualTo(DeadlockPattern.TABLE_LOCK);
    }

    @Test
    void fingerprintEdgeCasesStayAsTheRegexDefinitionHadThem() {
        // Expected values are what the regex implementation returned; the scanner must keep every one of them.
        assertThat(QueryFingerprint.of("SELECT 0x1F, 0xZZ, a0x1, 0x1g FROM t")).isEqualTo("select ?, 0xzz, a0x1, 0x1g from t");
        assertThat(QueryFingerprint.of("UPDATE t SET v = 1.5e3x, w = 1.5e+3, x = 2e-7 WHERE c = 1e"))
                .isEqualTo("update t set v = ?.5e3x, w = ?, x = ? where c = 1e");
        assertThat(QueryFingerprint.of("DELETE FROM t WHERE a-1 = -2 AND b = +3 AND `c1` = t1.5 AND d=`x`1"))
                .isEqualTo("delete from t where a-? = ? and b = ? and `c1` = t1.? and d=`x`1");
        assertThat(QueryFingerprint.of("INSERT INTO t VALUES ( 1 ,\t2 ),(3),\n( 4 ) , ('a', \"b\")"))
                .isEqualTo("insert into t values (?+)");
        assertThat(QueryFingerprint.of("SELECT * FROM t WHERE x IN (?, ?,?) AND y = ??,?"))
                .isEqualTo("select * from t where x in (?+) and y = ??");
        assertThat(QueryFingerprint.of("  select  A_1,\r\n\t  B  FROM  T  ")).isEqualTo("select a_1, b from t");
        assertThat(QueryFingerprint.of("UPDATE t SET name = 'Ünïcode' WHERE k = 'é' AND n = 3")).isEqualTo("update t set name = ? where k = ? and n = ?");
        assertThat(QueryFingerprint.of("UPDATE tÄ SET v = 0x1f WHERE id = 4")).isEqualTo("update tä set v = ? where id = ?");
        assertThat(QueryFingerprint.of(" \t ")).isNull();
    }

    @Test
    void fingerprintScannerAgreesWithTheRegexDefinition() {
        // Statements made of the pieces each rule looks at, glued at random: any difference in how a rule is read
        // (boundaries, signs, exponents, lists across whitespace) shows up within a few thousand of them.
        String[] pieces = {"0x1F", "0X", "0xg", "1", "12", "-3", "+4", "4.5", "1e5", "1e-3", "1.5e+3", "1E5", "e", "x",
                "_", "`", "'", "\"", "\\", "?", ",", " ", "\t", "\n", "\u000B", "\f", "\r", "(", ")", "(?+)", "?+", ".",
                "-", "+", "SELECT", "IN", "Ab", "''", "0", "9", "é"};
        java.util.Random random = new java.util.Random(42);
        for (int k = 0; k < 200_000; k++) {
            StringBuilder sql = new StringBuilder();
            for (int i = random.nextInt(14); i > 0; i--) {
                sql.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = sql.toString();
            assertThat(QueryFingerprint.of(s)).as("fingerprint of [%s]", s).isEqualTo(QueryFingerprint.ofByRegex(s));
        }
    }

    @Test
    void statementTestsWithoutCopiesAgreeWithTheirDefinitions() {
        // DeadlockClassifier.startsWith and Durations.spacesCollapsed replaced lower-cased copies and a regex.
        String[] pieces = {"insert", "INSERT", "Update", "delete", "in", "ser", "t", " ", "\t", "\n", "\r", "\u000B",
            "\f", "\u2003", "\u00A0", "\u0085", "\u0130", "\u212A", "\u017F", "é", "x", "(", "\uD800", ""};
        String[] keywords = {"insert", "update", "delete"};
        java.util.Random random = new java.util.Random(3);
        for (int k = 0; k < 100_000; k++) {
            StringBuilder sql = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                sql.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = sql.toString();
            String keyword = keywords[random.nextInt(keywords.length)];
            assertThat(DeadlockClassifier.startsWith(s, keyword)).as("[%s] starts with %s", s, keyword)
                    .isEqualTo(s.stripLeading().toLowerCase(java.util.Locale.ROOT).startsWith(keyword));
            assertThat(Durations.spacesCollapsed(s)).as("[%s]", s).isEqualTo(s.replaceAll("\\s+", " "));
        }
    }

    @Test
    void stringLiteralsGoAsBeforeTheyWereCopiedInRuns() {
        String[] pieces = {"'", "\"", "\\", "''", "\"\"", "a", "bc", " ", "?", "é", "\\'", "x'y"};
        java.util.Random random = new java.util.Random(5);
        for (int k = 0; k < 100_000; k++) {
            StringBuilder sql = new StringBuilder();
            for (int i = random.nextInt(10); i > 0; i--) {
                sql.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = sql.toString();
            assertThat(QueryFingerprint.withoutStringLiterals(s)).as("[%s]", s).isEqualTo(literalsAsBefore(s));
        }
    }

    /** QueryFingerprint.withoutStringLiterals as it was, a character at a time. */
    private static String literalsAsBefore(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c != '\'' && c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (d == c && j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                    j += 2;
                } else if (d == c) {
                    break;
                } else {
                    j++;
                }
            }
            out.append('?');
            i = j + 1;
        }
        return out.toString();
    }

    @Test
    void fingerprintsIgnoreValuesButNotShape() {
        assertThat(QueryFingerprint.of("UPDATE t SET v = 'x''y' WHERE id IN (1, 2, 3) AND c = -4.5"))
                .isEqualTo("update t set v = ? where id in (?+) and c = ?");
        assertThat(QueryFingerprint.of("INSERT INTO t2 (a) VALUES (1), (2)")).isEqualTo("insert into t2 (a) values (?+)");
        String huge = "SELECT * FROM t WHERE id IN (" + "1,".repeat(50_000) + "1) AND s = '" + "x".repeat(200_000) + "'";
        assertThat(QueryFingerprint.of(huge)).isEqualTo("select * from t where id in (?+) and s = ?");
        var a = deadlock(trx("10", 1, "UPDATE t SET v = 1 WHERE id = 2", 1, List.of(), rec("X", LockKind.RECORD, "a"), false),
                trx("11", 2, "UPDATE t SET v = 1 WHERE id = 1", 1, List.of(), rec("X", LockKind.RECORD, "b"), true));
        var b = deadlock(trx("20", 5, "UPDATE t SET v = 7 WHERE id = 9", 1, List.of(), rec("X", LockKind.RECORD, "a"), false),
                trx("21", 6, "UPDATE t SET v = 8 WHERE id = 3", 1, List.of(), rec("X", LockKind.RECORD, "b"), true));
        assertThat(DeadlockFingerprint.shape(a, DeadlockPattern.LOCK_ORDER)).isEqualTo(DeadlockFingerprint.shape(b, DeadlockPattern.LOCK_ORDER));
        assertThat(DeadlockFingerprint.identity(a)).isNotEqualTo(DeadlockFingerprint.identity(b)).hasSize(16);
    }

    @Test
    void graphsAreValidMermaidAndDotWithQuotesEscaped() throws Exception {
        var d = AnalyzedDeadlock.of(deadlock(
                trx("10", 1, "UPDATE t SET v = \"q\" WHERE id = 2", 1, List.of(rec("X", LockKind.RECORD, "h2")), rec("X", LockKind.RECORD, "h3"), false),
                trx("11", 2, "UPDATE t SET v = 1 WHERE id = 1", 1, List.of(rec("X", LockKind.RECORD, "h3")), rec("X", LockKind.RECORD, "h2"), true)));
        StringWriter mermaid = new StringWriter();
        DeadlockWriter m = DeadlockWriter.of(DeadlockFormat.MERMAID, mermaid);
        m.begin();
        m.deadlock(d);
        m.end(List.of(), 0, List.of(), 0);
        assertThat(mermaid.toString()).startsWith("flowchart LR").contains("d1t1 -- \"waits for X record lock on shop.t index PRIMARY\" --> d1t2")
                .contains("#quot;q#quot;").contains("(victim)").doesNotContain("\"q\"");
        StringWriter dot = new StringWriter();
        DeadlockWriter g = DeadlockWriter.of(DeadlockFormat.DOT, dot);
        g.begin();
        g.deadlock(d);
        g.end(List.of(), 0, List.of(), 0);
        assertThat(dot.toString()).startsWith("digraph deadlocks {").contains("d1t2 -> d1t1 [label=").contains("\\\"q\\\"").endsWith("}" + System.lineSeparator());
    }
}
