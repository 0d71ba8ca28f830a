package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.DataLockWaitsReader.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row-to-record mapping for MySQL 8 performance_schema.data_lock_waits x data_locks. No MySQL 8 server runs here:
 * the rows follow the manual's examples (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-data-locks-table.html).
 */
class DataLockWaitsReaderTest {

    @Test
    void mapsAnInsertIntentionWaitOnTheSupremum() {
        Row row = new Row(48L, 47L,
                "RECORD", "X,INSERT_INTENTION", "shop", "orders", "PRIMARY", "supremum pseudo-record",
                "RECORD", "X", "shop", "orders", "PRIMARY", "supremum pseudo-record", "GRANTED");
        WaitEdges edges = new WaitEdges();
        DataLockWaitsReader.add(edges, row, 12.0);
        LockRef requested = new LockRef("RECORD", "X,INSERT_INTENTION", "shop", "orders", "PRIMARY", "supremum pseudo-record");
        LockRef blocking = new LockRef("RECORD", "X", "shop", "orders", "PRIMARY", "supremum pseudo-record");
        assertThat(edges.waits()).containsExactly(new LockWait(48, 47, WaitKind.HARD, requested, blocking, 12.0));
        assertThat(edges.held()).containsExactly(new HeldLock(47, blocking));
    }

    @Test
    void aWaitingBlockingLockIsAHardWaitButNotHeld() {
        Row row = new Row(49L, 48L,
                "RECORD", "X,REC_NOT_GAP", "shop", "orders", "PRIMARY", "5",
                "RECORD", "X,REC_NOT_GAP", "shop", "orders", "PRIMARY", "5", "WAITING");
        WaitEdges edges = new WaitEdges();
        DataLockWaitsReader.add(edges, row, null);
        assertThat(edges.waits()).singleElement().extracting(LockWait::kind).isEqualTo(WaitKind.HARD);
        assertThat(edges.held()).isEmpty();
    }

    @Test
    void backgroundThreadsWithoutProcesslistIdAreSkipped() {
        Row row = new Row(null, 47L, "TABLE", "IX", "shop", "orders", null, null,
                "TABLE", "X", "shop", "orders", null, null, "GRANTED");
        WaitEdges edges = new WaitEdges();
        DataLockWaitsReader.add(edges, row, null);
        assertThat(edges.waits()).isEmpty();
    }
}
