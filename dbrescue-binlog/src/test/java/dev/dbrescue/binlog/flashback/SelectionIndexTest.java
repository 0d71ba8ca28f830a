package dev.dbrescue.binlog.flashback;

import dev.dbrescue.binlog.rows.RowKind;
import dev.dbrescue.binlog.tx.Transaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-disk index: events of discarded transactions forgotten (also once flushed), blocks read back in order. */
class SelectionIndexTest {

    @Test
    void eventsComeBackInBothOrdersAcrossBlocksAndDiscardsForgetEvenFlushedEvents() throws Exception {
        try (SelectionIndex index = new SelectionIndex()) {
            long first = index.mark();
            for (int i = 0; i < 10_000; i++) {
                index.addEvent(i % 3, 1000L + i, 100 + i, i % 7, RowKind.DELETE, -1, 0);
            }
            index.addTransaction(selected(1, "0-1-1", "DELETE FROM t", first, 10_000));

            long dropped = index.mark();
            for (int i = 0; i < 5_000; i++) { // more than a buffer: some reach the disk before the discard
                index.addEvent(0, 9_999_999L, 1, 0, RowKind.UPDATE, -1, 0);
            }
            index.discardSince(dropped);

            long third = index.mark();
            assertThat(third).isEqualTo(10_000);
            index.addEvent(2, 42L, 7, 1, RowKind.INSERT, 5L, 9);
            index.addEvent(2, 43L, 8, 1, RowKind.INSERT, 6L, 9);
            index.addTransaction(selected(3, null, null, third, 2));
            index.finish();

            assertThat(index.size()).isEqualTo(2);
            SelectedTransaction one = index.transaction(0);
            assertThat(one.transaction().gtid()).isEqualTo("0-1-1");
            assertThat(one.transaction().statement()).isEqualTo("DELETE FROM t");
            assertThat(one.rows()).isEqualTo(10_000);
            List<Long> newestFirst = offsets(index, one, true);
            assertThat(newestFirst).hasSize(10_000);
            assertThat(newestFirst.get(0)).isEqualTo(1000L + 9_999);
            assertThat(newestFirst.get(9_999)).isEqualTo(1000L);
            assertThat(offsets(index, one, false).get(1_640)).isEqualTo(1000L + 1_640);

            SelectedTransaction three = index.transaction(1);
            assertThat(three.transaction().gtid()).isNull();
            assertThat(three.transaction().threadId()).isEqualTo(77L);
            assertThat(offsets(index, three, true)).containsExactly(43L, 42L);
        }
    }

    private static SelectedTransaction selected(long sequence, String gtid, String statement, long first, int count) {
        Transaction tx = new Transaction(sequence, "binlog.000001", 4 * sequence, 4 * sequence + 1, 1_700_000_000L,
                gtid, null, sequence == 3 ? 77L : null, List.of(), statement, true);
        return new SelectedTransaction(tx, count, first, count);
    }

    private static List<Long> offsets(SelectionIndex index, SelectedTransaction tx, boolean newestFirst)
            throws Exception {
        List<Long> out = new ArrayList<>();
        index.events(tx, newestFirst, (file, offset, length, table, kind, inner, innerLength) -> out.add(offset));
        return out;
    }
}
