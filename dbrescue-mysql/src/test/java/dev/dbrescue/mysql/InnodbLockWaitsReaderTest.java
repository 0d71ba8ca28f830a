package dev.dbrescue.mysql;

import dev.dbrescue.core.model.LockRef;
import dev.dbrescue.core.model.LockWait;
import dev.dbrescue.core.model.Snapshot.HeldLock;
import dev.dbrescue.core.model.WaitKind;
import dev.dbrescue.mysql.InnodbLockWaitsReader.RawLock;
import dev.dbrescue.mysql.InnodbLockWaitsReader.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Row-to-record mapping of MySQL 5.7 / MariaDB information_schema rows, as printed by MariaDB 10.11. */
class InnodbLockWaitsReaderTest {

    @Test
    void mapsARecordLockWaitWithBothLocks() {
        Row row = new Row(22, 20, 3.0,
                new RawLock("RECORD", "X", "`shop`.`orders`", "PRIMARY", "1"),
                new RawLock("RECORD", "X", "`shop`.`orders`", "PRIMARY", "1"), false);
        WaitEdges edges = new WaitEdges();
        InnodbLockWaitsReader.add(edges, row);
        LockRef lock = new LockRef("RECORD", "X", "shop", "orders", "PRIMARY", "1");
        assertThat(edges.waits()).containsExactly(new LockWait(22, 20, WaitKind.HARD, lock, lock, 3.0));
        assertThat(edges.held()).containsExactly(new HeldLock(20, lock));
    }

    @Test
    void aBlockingLockThatIsItselfWaitingIsAHardWaitButNotHeld() {
        Row row = new Row(23, 22, 1.0,
                new RawLock("RECORD", "X,GAP", "`shop`.`orders`", "`PRIMARY`", "supremum pseudo-record"),
                new RawLock("RECORD", "X,GAP", "`shop`.`orders`", "`PRIMARY`", "supremum pseudo-record"), true);
        WaitEdges edges = new WaitEdges();
        InnodbLockWaitsReader.add(edges, row);
        assertThat(edges.waits()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(WaitKind.HARD);
            assertThat(w.requested().index()).isEqualTo("PRIMARY");
            assertThat(w.requested().lockData()).isEqualTo("supremum pseudo-record");
            assertThat(w.requested().mode()).isEqualTo("X,GAP");
        });
        assertThat(edges.held()).isEmpty();
    }

    @Test
    void tableLocksHaveNoIndexOrData() {
        LockRef ref = InnodbLockWaitsReader.lockRef(new RawLock("TABLE", "IX", "`shop`.`orders` /* Partition `p1` */", null, null));
        assertThat(ref).isEqualTo(new LockRef("TABLE", "IX", "shop", "orders", null, null));
    }

    @Test
    void aLockThatLeftInnodbLocksGivesNoRef() {
        assertThat(InnodbLockWaitsReader.lockRef(new RawLock(null, null, null, null, null))).isNull();
    }
}
