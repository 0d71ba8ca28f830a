package dev.dbrescue.binlog.event;

import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.tx.StatementKind;
import dev.dbrescue.binlog.tx.TableChange;
import dev.dbrescue.binlog.tx.Transaction;
import dev.dbrescue.binlog.tx.TransactionScanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class MariaDbCompressionTest {

    @Test
    void compressedQueryAndRowsEventsReadAsThePlainOnes() {
        List<Transaction> txs = new ArrayList<>();
        new TransactionScanner(txs::add).scan(Fixtures.resource("mariadb-10.11-compressed.000001"));

        // Events 165 (query) and 166-168 (v1 rows), as mariadb-binlog listed them.
        assertThat(txs).extracting(Transaction::start).containsExactly(379L, 551L, 1338L, 2147L);
        assertThat(txs.get(0).statement()).startsWith("create table shop.q2 (a int) comment 'ccc").hasSize(203);
        assertThat(txs.subList(1, 4)).flatExtracting(Transaction::changes)
                .extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("shop.packed", StatementKind.INSERT, 40L),
                        tuple("shop.packed", StatementKind.UPDATE, 20L),
                        tuple("shop.packed", StatementKind.DELETE, 40L));
    }

    @Test
    void aRecordThatIsNotZlibIsRefused() {
        byte[] body = {(byte) 0x81, 10, 1, 2, 3};

        assertThatThrownBy(() -> MariaDbCompression.record(body, 0)).hasMessageContaining("not a zlib stream");
        assertThatThrownBy(() -> MariaDbCompression.record(new byte[]{(byte) 0x91, 1}, 0))
                .hasMessageContaining("unknown compressed record header 0x91");
    }
}
