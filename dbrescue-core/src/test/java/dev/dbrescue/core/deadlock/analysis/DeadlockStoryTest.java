package dev.dbrescue.core.deadlock.analysis;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.EarlierStatements;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.model.Engine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlockStoryTest {

    /** An InnoDB record lock on {@code table}'s {@code index}, whose first field is {@code key} (named when given). */
    private static DeadlockLock row(String table, String index, String mode, LockKind kind, String column, String key) {
        List<RecordField> fields = List.of(new RecordField(0, 4, "8000000" + key, key, column),
                new RecordField(1, 6, "000000000a01", null, column == null ? null : "DB_TRX_ID"));
        return new DeadlockLock(table, index, mode, kind, false, "space 5 page 3 heap " + key + " of " + table, fields);
    }

    private static DeadlockTransaction innodb(long thread, double active, String query, List<DeadlockLock> holds,
                                              DeadlockLock waits, boolean victim) {
        return new DeadlockTransaction(String.valueOf(thread * 100), thread, "app", "10.0.0.1", "updating", active, 1, 1,
                3L, 2L, 1L, query, holds, waits, victim);
    }

    private static DeadlockStory story(Engine engine, DeadlockTransaction... trx) {
        return DeadlockStory.of(AnalyzedDeadlock.of(new Deadlock(engine, null, "t", null, List.of(trx), false, "x", 1)));
    }

    /** Seed 03's answer slide: with the earlier statements known, the whole timeline can be told. */
    @Test
    void lockOrderToldWithEarlierStatementsAndTheOrderToAdopt() {
        DeadlockLock t1Row = row("test.lockt1", "PRIMARY", "X", LockKind.RECORD, "pk", "2");
        DeadlockLock t2Row = row("test.lockt2", "PRIMARY", "X", LockKind.RECORD, "pk", "2");
        DeadlockStory story = story(Engine.MYSQL,
                innodb(6, 15, "update lockt2 set name = 'hogehoge' where pk = 2", List.of(t1Row), t2Row, false)
                        .withEarlier(new EarlierStatements(List.of("BEGIN", "update lockt1 set name = 'x' where pk = 2"), true)),
                innodb(4, 5, "update lockt1 set name = 'hogehoge' where pk = 2", List.of(t2Row), t1Row, true));
        assertThat(story.steps()).containsExactly(
                "T1 (thread 6) ran `BEGIN`; `update lockt1 set name = 'x' where pk = 2`, and so holds an X lock on test.lockt1 row pk=2 (index PRIMARY).",
                "T2 (thread 4) holds an X lock on test.lockt2 row pk=2 (index PRIMARY).",
                "T1 (thread 6) ran `update lockt2 set name = 'hogehoge' where pk = 2` and waits for an X lock on test.lockt2 row pk=2 (index PRIMARY), held by T2 (thread 4).",
                "T2 (thread 4) ran `update lockt1 set name = 'hogehoge' where pk = 2` and waits for an X lock on test.lockt1 row pk=2 (index PRIMARY), held by T1 (thread 6).",
                "InnoDB found the cycle and rolled back T2 (thread 4) (ERROR 1213): all of its changes were undone and its locks released, so the others went on.");
        assertThat(story.remedies().get(0)).isEqualTo("T1 takes test.lockt1 row pk=2 (index PRIMARY) then test.lockt2 row pk=2"
                + " (index PRIMARY); T2 takes them the other way round. Make every code path take them in the same order"
                + " (e.g. sort the keys and lock in ascending order).");
        assertThat(story.remedies()).anyMatch(r -> r.startsWith("Open for long when the deadlock struck (T1 15 s, T2 5 s)"));
        assertThat(story.remedies().get(story.remedies().size() - 1)).startsWith("Retry the rolled-back transaction");
    }

    @Test
    void holdsMissingFromTheReportAreTakenFromTheOthersWaitAndTablesWithoutPrimaryKeyAreNamed() {
        // MySQL before 8.0.18 prints HOLDS only for the second transaction; the seed's tables had no primary key.
        DeadlockLock lockt1 = row("test.lockt1", "GEN_CLUST_INDEX", "X", LockKind.NEXT_KEY, null, "1");
        DeadlockLock lockt2 = row("test.lockt2", "GEN_CLUST_INDEX", "X", LockKind.NEXT_KEY, null, "1");
        DeadlockStory story = story(Engine.MYSQL,
                innodb(6, 15, "update lockt2 set name = 'a' where pk = 2", List.of(), lockt2, false),
                innodb(4, 1, "update lockt1 set name = 'b' where pk = 2", List.of(lockt2), lockt1, true));
        assertThat(story.steps().get(0)).isEqualTo("T1 (thread 6) holds a lock on test.lockt1 row 1 (index GEN_CLUST_INDEX)"
                + " (not printed; T2's wait for it shows it).");
        assertThat(story.remedies()).anyMatch(r -> r.startsWith("test.lockt1 has no primary key"))
                .anyMatch(r -> r.startsWith("test.lockt2 has no primary key"));
    }

    @Test
    void sharedToExclusiveAndForeignKeyNameTheRow() {
        DeadlockLock s = row("shop.users", "PRIMARY", "S", LockKind.RECORD, "id", "1");
        DeadlockLock x = row("shop.users", "PRIMARY", "X", LockKind.RECORD, "id", "1");
        DeadlockStory story = story(Engine.MARIADB,
                innodb(1, 1, "SELECT * FROM users WHERE id = 1 FOR UPDATE", List.of(s), x, false),
                innodb(2, 1, "UPDATE users SET n = 2 WHERE id = 1", List.of(s), x, true));
        assertThat(story.remedies().get(0)).startsWith("Both transactions read shop.users row id=1 (index PRIMARY) with a shared (S) lock")
                .contains("SELECT ... FOR UPDATE");
        assertThat(story.remedies()).noneMatch(r -> r.startsWith("Open for long"));
        // Both changed rows before (undo entries) and no locking read: the shared locks came from foreign-key checks.
        DeadlockStory foreignKey = story(Engine.MARIADB,
                innodb(1, 1, "UPDATE users SET n = 1 WHERE id = 1", List.of(s), x, false),
                innodb(2, 1, "UPDATE users SET n = 2 WHERE id = 1", List.of(s), x, true));
        assertThat(foreignKey.remedies().get(0)).startsWith("The shared locks on shop.users row id=1 (index PRIMARY) come from"
                + " foreign-key checks");
    }

    @Test
    void postgresWaitsForTransactionsAreToldThroughTheirStatementsFromTheSecondLine() {
        DeadlockLock on729 = new DeadlockLock(null, null, "ShareLock", LockKind.TRANSACTION, false, "transaction 729", List.of());
        DeadlockLock on728 = new DeadlockLock(null, null, "ShareLock", LockKind.TRANSACTION, false, "transaction 728", List.of());
        DeadlockLock own729 = new DeadlockLock(null, null, "ExclusiveLock", LockKind.TRANSACTION, false, "transaction 729", List.of());
        DeadlockLock own728 = new DeadlockLock(null, null, "ExclusiveLock", LockKind.TRANSACTION, false, "transaction 728", List.of());
        DeadlockStory story = story(Engine.POSTGRESQL,
                new DeadlockTransaction("729", 30203L, null, null, null, null, null, null, null, null, null,
                        "UPDATE accounts SET b = 1 WHERE id = 1", List.of(own729), on728, true),
                new DeadlockTransaction("728", 30202L, null, null, null, null, null, null, null, null, null,
                        "UPDATE accounts SET b = 2 WHERE id = 2", List.of(own728), on729, false));
        assertThat(story.steps()).containsExactly(
                "T2 (pid 30202) ran `UPDATE accounts SET b = 2 WHERE id = 2` and waits for T1 (pid 30203), transaction 729, to end: it changed or locked a row this statement needs.",
                "T1 (pid 30203) ran `UPDATE accounts SET b = 1 WHERE id = 1` and waits for T2 (pid 30202), transaction 728, to end: it changed or locked a row this statement needs.",
                "PostgreSQL found the cycle and cancelled T1 (pid 30203)'s statement (ERROR: deadlock detected, 40P01); its transaction is aborted and its locks are free, so the others went on.");
        assertThat(story.remedies().get(0)).contains("T1 `UPDATE accounts SET b = 1 WHERE id = 1`")
                .endsWith("change and lock rows in one order (e.g. ascending primary key) in every code path.");
    }

    @Test
    void articlesFollowHowModesAreRead() {
        DeadlockLock ix = new DeadlockLock("shop.t", null, "IX", LockKind.TABLE, false, null, List.of());
        DeadlockLock share = new DeadlockLock("t", null, "ShareLock", LockKind.RELATION, false, null, List.of());
        DeadlockLock rowExclusive = new DeadlockLock("t", null, "RowExclusiveLock", LockKind.RELATION, false, null, List.of());
        assertThat(DeadlockStory.describe(ix)).isEqualTo("an IX lock on table shop.t");
        assertThat(DeadlockStory.describe(share)).isEqualTo("a ShareLock on table t");
        assertThat(DeadlockStory.describe(rowExclusive)).isEqualTo("a RowExclusiveLock on table t");
    }
}
