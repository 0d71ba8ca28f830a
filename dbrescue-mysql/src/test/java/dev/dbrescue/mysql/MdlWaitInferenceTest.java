package dev.dbrescue.mysql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MdlWaitInferenceTest {

    private static ProcessRow waiter(long id, String db, String info) {
        return new ProcessRow(id, "app", "h", db, "Query", 2.0, ProcessRow.TABLE_METADATA_LOCK_WAIT, info,
                null, null, null, null, null, null, null);
    }

    @Test
    void modeFollowsTheStatementKind() {
        assertThat(MdlWaitInference.wantedMode("LOCK TABLE t WRITE")).isEqualTo("SHARED_NO_READ_WRITE");
        assertThat(MdlWaitInference.wantedMode("lock tables t read, u low_priority write")).isEqualTo("SHARED_NO_READ_WRITE");
        assertThat(MdlWaitInference.wantedMode("LOCK TABLES t READ")).isEqualTo("SHARED_READ_ONLY");
        assertThat(MdlWaitInference.wantedMode("  /* app */ SELECT * FROM t")).isEqualTo("SHARED_READ");
        assertThat(MdlWaitInference.wantedMode("(SELECT 1 FROM t)")).isEqualTo("SHARED_READ");
        assertThat(MdlWaitInference.wantedMode("select * from t where id = 1 for update")).isEqualTo("SHARED_WRITE");
        assertThat(MdlWaitInference.wantedMode("UPDATE t SET v = 1")).isEqualTo("SHARED_WRITE");
        assertThat(MdlWaitInference.wantedMode("insert into t values (1)")).isEqualTo("SHARED_WRITE");
        assertThat(MdlWaitInference.wantedMode("ALTER TABLE t ADD COLUMN c INT")).isEqualTo("EXCLUSIVE");
        assertThat(MdlWaitInference.wantedMode("TRUNCATE t")).isEqualTo("EXCLUSIVE");
        assertThat(MdlWaitInference.wantedMode(null)).isEqualTo("EXCLUSIVE");
    }

    @Test
    void namesMatchesQualifiedOrCurrentDatabaseTables() {
        assertThat(MdlWaitInference.names("select * from orders", "shop", "shop", "orders")).isTrue();
        assertThat(MdlWaitInference.names("select * from `shop`.`orders`", "other", "shop", "orders")).isTrue();
        assertThat(MdlWaitInference.names("select * from shop . orders", null, "shop", "orders")).isTrue();
        assertThat(MdlWaitInference.names("select * from orders", "other", "shop", "orders")).isFalse();
        assertThat(MdlWaitInference.names("select * from archive.orders", "shop", "shop", "orders")).isFalse();
        assertThat(MdlWaitInference.names("select * from orders_2024", "shop", "shop", "orders")).isFalse();
        assertThat(MdlWaitInference.names("select o.id from orders o", "shop", "shop", "orders")).isTrue();
    }

    @Test
    void infersPendingRequestsOnTablesHeldByOthers() {
        List<MdlLock> granted = List.of(MdlLock.of(10, "TABLE", "shop", "orders", "MDL_SHARED_READ", true),
                MdlLock.of(10, "TABLE", "shop", "customers", "MDL_SHARED_READ", true));
        MdlWaitInference.Result r = MdlWaitInference.infer(List.of(
                waiter(11, "shop", "LOCK TABLE orders WRITE"),
                waiter(12, "shop", "SELECT * FROM orders"),
                waiter(13, "shop", "SELECT * FROM invoices")), granted);
        assertThat(r.pending()).containsExactly(
                MdlLock.of(11, "TABLE", "shop", "orders", "SHARED_NO_READ_WRITE", false),
                MdlLock.of(12, "TABLE", "shop", "orders", "SHARED_READ", false));
        assertThat(r.unresolved()).containsExactly(13L);
    }

    @Test
    void aReaderIsNotWaitingForATableItAlreadyHoldsButAnAlterMayBe() {
        List<MdlLock> granted = List.of(
                MdlLock.of(20, "TABLE", "shop", "orders", "SHARED_UPGRADABLE", true),
                MdlLock.of(21, "TABLE", "shop", "orders", "SHARED_READ", true),
                MdlLock.of(22, "TABLE", "shop", "items", "SHARED_NO_READ_WRITE", true));
        MdlWaitInference.Result r = MdlWaitInference.infer(List.of(
                waiter(20, "shop", "ALTER TABLE orders ADD c INT"),
                waiter(21, "shop", "SELECT * FROM orders JOIN items USING (id)")), granted);
        assertThat(r.pending()).containsExactly(
                MdlLock.of(20, "TABLE", "shop", "orders", "EXCLUSIVE", false),
                MdlLock.of(21, "TABLE", "shop", "items", "SHARED_READ", false));
    }
}
