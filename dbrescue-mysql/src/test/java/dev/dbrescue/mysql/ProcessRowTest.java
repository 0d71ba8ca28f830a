package dev.dbrescue.mysql;

import dev.dbrescue.core.model.Session;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessRowTest {

    private static ProcessRow row(String user, String command, Double time, String state, String info, String trxId) {
        return new ProcessRow(7, user, "10.0.0.5:5123", "shop", command, time, state, info, trxId,
                trxId == null ? null : "RUNNING", trxId == null ? null : 42.0, null, trxId == null ? null : 3L,
                trxId == null ? null : 1L, trxId == null ? null : 1L);
    }

    @Test
    void idleInTransactionIsSleepWithATransactionRow() {
        Session s = row("app", "Sleep", 30.0, "", null, "1234").toSession();
        assertThat(s.busy()).isFalse();
        assertThat(s.inTransaction()).isTrue();
        assertThat(s.idleInTransaction()).isTrue();
        assertThat(s.state()).isEqualTo("Sleep");
        assertThat(s.idleSeconds()).isEqualTo(30.0);
        assertThat(s.querySeconds()).isNull();
        assertThat(s.transactionSeconds()).isEqualTo(42.0);
        assertThat(s.transactionId()).isEqualTo("1234");
        assertThat(s.rowsLocked()).isEqualTo(3L);
        assertThat(s.application()).isNull();
        assertThat(s.superuser()).isFalse();
    }

    @Test
    void busySessionShowsCommandAndThreadState() {
        Session s = row("app", "Query", 4.5, "Updating", "UPDATE t SET v = 1", null).toSession();
        assertThat(s.busy()).isTrue();
        assertThat(s.inTransaction()).isFalse();
        assertThat(s.state()).isEqualTo("Query (Updating)");
        assertThat(s.query()).isEqualTo("UPDATE t SET v = 1");
        assertThat(s.idleSeconds()).isEqualTo(0.0);
        assertThat(s.querySeconds()).isEqualTo(4.5);
        assertThat(s.transactionSeconds()).isNull();
    }

    @Test
    void systemThreadsAreMarked() {
        assertThat(row("system user", "Connect", 1.0, "Waiting for an event from Coordinator", null, null).systemThread()).isTrue();
        assertThat(row("event_scheduler", "Daemon", 1.0, "Waiting on empty queue", null, null).toSession().system()).isTrue();
        assertThat(row("repl", "Binlog Dump GTID", 1.0, "", null, null).systemThread()).isTrue();
        assertThat(row("root", "Slave_SQL", 1.0, "", null, null).systemThread()).isTrue();
        assertThat(row("root", "Query", 1.0, "", null, null).systemThread()).isFalse();
    }

    @Test
    void recognisesMetadataAndTableLevelLockWaits() {
        assertThat(row("a", "Query", 1.0, "Waiting for table metadata lock", "x", null).metadataLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "Waiting for table metadata lock", "x", null).tableMetadataLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "Waiting for backup lock", "x", null).metadataLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "Waiting for global read lock", "x", null).metadataLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "User lock", "x", null).metadataLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "Waiting for table level lock", "x", null).metadataLockWait()).isFalse();
        assertThat(row("a", "Query", 1.0, "Waiting for table level lock", "x", null).tableLevelLockWait()).isTrue();
        assertThat(row("a", "Query", 1.0, "Updating", "x", null).metadataLockWait()).isFalse();
        assertThat(row("a", "Query", 1.0, null, "x", null).metadataLockWait()).isFalse();
    }
}
