package dev.dbrescue.app.deadlocks;

import dev.dbrescue.core.deadlock.Deadlock;
import dev.dbrescue.core.deadlock.DeadlockLock;
import dev.dbrescue.core.deadlock.DeadlockTransaction;
import dev.dbrescue.core.deadlock.LockKind;
import dev.dbrescue.core.deadlock.RecordField;
import dev.dbrescue.core.deadlock.analysis.DeadlockPattern;
import dev.dbrescue.core.model.Engine;
import dev.dbrescue.core.spi.SchemaLookup.RecordColumn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaEnrichmentTest {

    private static final List<RecordField> ROW_1 = List.of(new RecordField(0, 4, "80000001", "1"),
            new RecordField(1, 6, "000000000501", null), new RecordField(2, 7, "80000000000000", null),
            new RecordField(3, 4, "80000000", "0"));

    private static DeadlockLock lock(String table, String mode, LockKind kind, List<RecordField> fields) {
        return new DeadlockLock(table, "PRIMARY", mode, kind, false, null, fields);
    }

    private static DeadlockTransaction trx(String query, Long undo, List<DeadlockLock> holds, DeadlockLock waiting) {
        return new DeadlockTransaction("1", 5L, null, null, null, null, null, null, null, null, undo, query, holds, waiting, false);
    }

    private static final BiFunction<RecordColumn, String, String> NO_VALUES = (column, hex) -> null;

    private static List<RecordColumn> columns(String... names) {
        return java.util.Arrays.stream(names).map(n -> new RecordColumn(n, null)).toList();
    }

    private static Deadlock deadlock(DeadlockTransaction... t) {
        return new Deadlock(Engine.MARIADB, null, null, null, List.of(t), false, "status", 1);
    }

    private static Deadlock sharedOnUsers(String query, Long undo) {
        DeadlockLock s = lock("shop.users", "S", LockKind.RECORD, ROW_1);
        DeadlockLock x = lock("shop.users", "X", LockKind.RECORD, ROW_1);
        return deadlock(trx(query, undo, List.of(s), x), trx(query, undo, List.of(s), x));
    }

    @Test
    void namesFieldsInOrderAndLeavesUnknownTablesAlone() {
        Deadlock d = sharedOnUsers("UPDATE users SET n = n + 1 WHERE id = 1", 1L);
        Deadlock named = SchemaEnrichment.nameFields(d, lock -> lock.table().equals("shop.users")
                ? columns("id", "DB_TRX_ID", "DB_ROLL_PTR", "item_count") : List.of(), NO_VALUES);
        assertThat(named.transactions().get(0).waitingFor().fields()).extracting(RecordField::column)
                .containsExactly("id", "DB_TRX_ID", "DB_ROLL_PTR", "item_count");
        assertThat(named.transactions().get(1).holds().get(0).fields().get(0).column()).isEqualTo("id");

        assertThat(SchemaEnrichment.nameFields(d, lock -> List.of(), NO_VALUES)).as("nothing known: unchanged").isSameAs(d);
        assertThat(SchemaEnrichment.nameFields(d, lock -> columns("id", "DB_TRX_ID"), NO_VALUES))
                .as("more fields than columns: the definition changed, no guessing").isSameAs(d);
    }

    @Test
    void typedColumnsAreReadAsTheirTypeHiddenOnesNot() {
        Deadlock d = sharedOnUsers("UPDATE users SET n = n + 1 WHERE id = 1", 1L);
        List<RecordColumn> typed = List.of(new RecordColumn("id", "int(10) unsigned"), new RecordColumn("DB_TRX_ID", null),
                new RecordColumn("DB_ROLL_PTR", null), new RecordColumn("item_count", "int(11)"));
        Deadlock named = SchemaEnrichment.nameFields(d, lock -> typed, (column, hex) -> column.name() + " read from " + hex);
        RecordField id = named.transactions().get(0).waitingFor().fields().get(0);
        assertThat(id.decoded()).isEqualTo("id read from " + id.hex());
        RecordField trxId = named.transactions().get(0).waitingFor().fields().get(1);
        assertThat(trxId.decoded()).as("hidden columns keep what the report gave").isEqualTo(
                d.transactions().get(0).waitingFor().fields().get(1).decoded());
    }

    @Test
    void sharedToExclusiveOnATableInAForeignKeyIsForeignKey() {
        assertThat(SchemaEnrichment.refinePattern(DeadlockPattern.SHARED_TO_EXCLUSIVE,
                sharedOnUsers("UPDATE users SET n = n + 1 WHERE id = 1", null), "shop.users"::equals))
                .isEqualTo(DeadlockPattern.FOREIGN_KEY);
    }

    @Test
    void staysSharedToExclusiveWhenTheSchemaOrTheReportSaysOtherwise() {
        Deadlock d = sharedOnUsers("UPDATE users SET n = n + 1 WHERE id = 1", 1L);
        assertThat(SchemaEnrichment.refinePattern(DeadlockPattern.SHARED_TO_EXCLUSIVE, d, table -> false))
                .as("no foreign key on the table").isEqualTo(DeadlockPattern.SHARED_TO_EXCLUSIVE);
        assertThat(SchemaEnrichment.refinePattern(DeadlockPattern.SHARED_TO_EXCLUSIVE,
                sharedOnUsers("UPDATE users SET n = n + 1 WHERE id = 1", 0L), table -> true))
                .as("nothing changed before: the S lock came from a read").isEqualTo(DeadlockPattern.SHARED_TO_EXCLUSIVE);
        assertThat(SchemaEnrichment.refinePattern(DeadlockPattern.SHARED_TO_EXCLUSIVE,
                sharedOnUsers("SELECT * FROM users WHERE id = 1 FOR SHARE", 1L), table -> true))
                .as("a locking read in sight").isEqualTo(DeadlockPattern.SHARED_TO_EXCLUSIVE);
        assertThat(SchemaEnrichment.refinePattern(DeadlockPattern.LOCK_ORDER, d, table -> true))
                .as("other patterns are left alone").isEqualTo(DeadlockPattern.LOCK_ORDER);
    }

    @Test
    void splitsSchemaAndTableAtTheFirstDot() {
        assertThat(SchemaEnrichment.split("shop.users")).containsExactly("shop", "users");
        assertThat(SchemaEnrichment.split("shop.we.ird")).containsExactly("shop", "we.ird");
        assertThat(SchemaEnrichment.split("users")).isNull();
        assertThat(SchemaEnrichment.split(null)).isNull();
    }
}
