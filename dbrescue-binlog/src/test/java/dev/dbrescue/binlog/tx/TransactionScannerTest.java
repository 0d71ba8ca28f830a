package dev.dbrescue.binlog.tx;

import dev.dbrescue.binlog.Fixtures;
import dev.dbrescue.binlog.read.BinlogFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class TransactionScannerTest {

    @TempDir
    Path dir;

    private static List<Transaction> scan(Path file) {
        List<Transaction> all = new ArrayList<>();
        new TransactionScanner(all::add).scan(file);
        return all;
    }

    @Test
    void positionsGtidsAndKindsMatchMariadbBinlogsListing() {
        List<Transaction> txs = scan(Fixtures.small());

        // Offsets and GTIDs as `mariadb-binlog binlog.000002` printed them for the captured file.
        assertThat(txs).extracting(Transaction::start)
                .containsExactly(379L, 587L, 1183L, 1436L, 1610L, 1869L, 2281L);
        assertThat(txs).extracting(Transaction::end)
                .containsExactly(587L, 1183L, 1436L, 1610L, 1869L, 2281L, 2531L);
        assertThat(txs).extracting(Transaction::gtid)
                .containsExactly("0-1-151", "0-1-152", "0-1-153", "0-1-154", "0-1-155", "0-1-156", "0-1-157");
        assertThat(txs.get(5).previousGtid()).isEqualTo("0-1-155");
        assertThat(txs.get(0).changes()).extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("(no database)", StatementKind.DDL, 0L));
        assertThat(txs.get(1).changes()).extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("shop.small", StatementKind.INSERT, 12L));
        assertThat(txs.get(2).changes()).extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("shop.small", StatementKind.UPDATE, 1L));
        assertThat(txs.get(3).changes()).extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("(no database)", StatementKind.STATEMENT_DML, 0L));
        assertThat(txs.get(5).changes()).extracting(TableChange::table, TableChange::kind, TableChange::rows)
                .containsExactly(tuple("shop.small", StatementKind.DELETE, 13L));
        assertThat(txs.get(5).statement()).isEqualTo("delete from shop.small");
        assertThat(txs.get(2).changes().get(0).statement()).isEqualTo("update shop.small set v='x' where id=2");
    }

    @Test
    void mariaDbDmlHasNoThreadIdButItsStatementsDo() {
        List<Transaction> txs = scan(Fixtures.small());

        assertThat(txs.get(5).threadId()).isNull();
        assertThat(txs.get(0).threadId()).isEqualTo(10L);
        assertThat(txs.get(3).threadId()).isEqualTo(10L);
    }

    @Test
    void statementFormatAndDdlAreNotReversibleRowsAre() {
        List<Transaction> txs = scan(Fixtures.small());

        assertThat(txs).extracting(Transaction::reversible)
                .containsExactly(false, true, true, false, true, true, true);
    }

    @Test
    void aFileEndingInsideATransactionIsTruncatedAtItsStart() {
        // 2027 is an event boundary inside the DELETE transaction that starts at 1869.
        Path cut = Fixtures.truncated(dir, 2027);

        assertThatThrownBy(() -> scan(cut)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("at position 1869: the file ends inside the transaction");
    }

    @Test
    void aFileEndingInsideAnEventIsTruncatedAtThatEvent() {
        Path cut = Fixtures.truncated(dir, 2100);

        assertThatThrownBy(() -> scan(cut)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("at position 2027: truncated: the event needs 223 bytes, the file ends after 73");
    }

    @Test
    void aFlippedByteIsAWrongChecksumAtItsEvent() {
        Path damaged = Fixtures.flipped(dir, 2100);

        assertThatThrownBy(() -> scan(damaged)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("at position 2027: wrong checksum");
    }

    @Test
    void aFlippedByteInTheFormatDescriptionIsCaughtToo() {
        Path damaged = Fixtures.flipped(dir, 30);

        assertThatThrownBy(() -> scan(damaged)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("at position 4: wrong checksum");
    }

    @Test
    void aTextFileIsNotABinlog() {
        Path text = Fixtures.write(dir.resolve("notes.txt"), "DELETE FROM users;\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> scan(text)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("at position 0: not a binary log");
    }

    @Test
    void anEmptyFileIsNotABinlog() {
        Path empty = Fixtures.write(dir.resolve("empty.000001"), new byte[0]);

        assertThatThrownBy(() -> scan(empty)).isInstanceOf(BinlogFormatException.class)
                .hasMessageContaining("not a binary log");
    }

    @Test
    void aMissingFileIsBadInputNamingIt() {
        Path missing = dir.resolve("binlog.000009");

        assertThatThrownBy(() -> scan(missing))
                .isInstanceOf(dev.dbrescue.core.error.DbRescueException.class)
                .hasMessage("Cannot read '" + missing + "': no such file.");
    }
}
